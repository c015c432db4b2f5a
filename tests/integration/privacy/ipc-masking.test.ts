import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, type ChannelName } from '../../../src-shared/ipc/contract.js';
import type { Mutation } from '../../../src-shared/sync/protocol.js';
import { enqueueMutation } from '../../../src-main/services/sync/outbox.js';
import { COMPLAINT_VALUES } from '../../support/ticket-documents.js';
import { startInProcessWorkstation, type InProcessWorkstation } from '../../support/workstation.js';

// Every IPC answer that carries a masked kind (phone numbers in any common form, ID numbers,
// numbers inside free text) is read from a real workstation signed in to a real central API, with
// a ticket, a call, a sync conflict and a dead letter all holding customer values; none of the
// answers may contain a clear value. The ground truth is the values this test typed in, searched
// for in the raw JSON with any spacing or dashes — not the masking policy's own output. A second
// list names every other channel and why its answer is allowed to hold clear text (or none), so a
// channel added later must be placed in one list or this test fails.

/** Clear values as a customer gives them; each is looked for digit by digit, separators allowed. */
const CLEAR = {
  mobile: COMPLAINT_VALUES.customerPhone, // 13812341234
  idNumber: '110101199003071233',
  landlineInText: '0571-88776655',
  colleaguesPhone: '13712345678',
  myNewPhone: '13912345678',
  refusedText: '010-66554433',
  caller: '+8613812349999',
};
const digitsOf = (value: string) => value.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
const patterns = Object.entries(CLEAR).map(([name, value]) => ({ name, pattern: new RegExp(digitsOf(value).split('').join('[\\s\\-]*')) }));
const clearValuesIn = (answer: unknown): string[] => {
  const json = JSON.stringify(answer);
  return patterns.filter(({ pattern }) => pattern.test(json)).map(({ name }) => name);
};

/** Answers that must never hold a clear value, and the request that reads each one here. */
const MASKED_ANSWERS: Partial<Record<ChannelName, (ids: { ticket: string; call: string }) => unknown>> = {
  'tickets.list': () => ({ scope: 'mine' }),
  'tickets.get': ({ ticket }) => ({ id: ticket }),
  'tickets.note': ({ ticket }) => ({ id: ticket, note: '已联系客户，座机 0571-88776655 无人接听' }),
  'tickets.callbackReminders': () => ({}),
  'calls.history': () => ({ limit: 50 }),
  'calls.screenPop': () => ({ number: CLEAR.mobile }),
  'calls.kpis': () => ({}),
  'scripts.runs': () => ({ limit: 50 }),
  'sync.status': () => ({}),
  'sync.conflicts': () => ({}),
  'sync.deadLetters': () => ({}),
  'session.current': () => ({}),
};

/** Every other channel, and why its answer may hold a clear value or holds no customer data. */
const OTHER_ANSWERS: Record<string, string> = {
  'tickets.reveal': 'the one audited way to a clear value (a reason is required; the server records it)',
  'tickets.newDraft': 'the agent’s own form as they type it (never synced as a draft)',
  'tickets.openFromCall': 'the agent’s own form, prefilled from the call they are on',
  'tickets.saveDraft': 'the agent’s own form as they type it',
  'tickets.drafts': 'the agent’s own forms as they typed them',
  'tickets.editRejected': 'the agent’s own refused ticket, reopened in its form to fix',
  'tickets.attachment': 'the bytes of a file the agent opens',
  'tickets.config': 'published forms and codes: no customer data',
  'tickets.discardDraft': 'empty answer',
  'tickets.submitDraft': 'the new ticket id',
  'tickets.attach': 'the stored attachment reference',
  // Detail answers of actions, the same TicketDetail as tickets.get (read above, and by tickets.note):
  'tickets.transition': 'TicketDetail, as tickets.get',
  'tickets.escalate': 'TicketDetail, as tickets.get',
  'tickets.transfer': 'TicketDetail, as tickets.get',
  'tickets.setCallback': 'TicketDetail, as tickets.get',
  'tickets.callbackDone': 'TicketDetail, as tickets.get',
  'tickets.linkCall': 'TicketDetail, as tickets.get',
  'calls.save': 'the call id',
  'calls.annotate': 'the call id',
  'scripts.list': 'published scripts',
  'scripts.get': 'a published script',
  'scripts.suggest': 'a script id',
  'scripts.saveRun': 'the call id',
  'scripts.run': 'ScriptRunSummary, as scripts.runs',
  'sync.now': 'SyncStatus, as sync.status',
  'sync.online': 'SyncStatus, as sync.status',
  'sync.resubmit': 'SyncStatus, as sync.status',
  'sync.discard': 'SyncStatus, as sync.status',
  'sync.resolve': 'SyncStatus, as sync.status',
  'session.login': 'the agent signed in',
  'session.logout': 'empty answer',
  'softphone.account': 'the agent’s own SIP account (no customer data)',
  'softphone.credential': 'the agent’s own SIP password, for the line only',
  'softphone.setOverride': 'the agent’s own SIP account',
  'softphone.reportState': 'the agent’s state',
  'app.info': 'version and locale',
  'app.setLocale': 'the locale',
  'app.log': 'empty answer',
};

describe('IPC answers carry masked kinds only masked', () => {
  let ws: InProcessWorkstation;
  let ids: { ticket: string; call: string };

  beforeAll(async () => {
    ws = await startInProcessWorkstation();
    expect(await ws.call('session.login', { agentId: '1001', password: 'hotline1001' })).toMatchObject({ ok: true });
    const session = ws.workstation.requireSession();
    await session.sync.syncNow();

    // A complaint with a mobile, an ID number and a landline in its description, synced.
    const draft = await ws.call('tickets.newDraft', { formId: 'complaint' });
    if (!draft.ok) throw new Error(draft.error.message);
    // 未经授权查询个人信息: the form then asks for the ID number.
    const values = { ...draft.value.values, ...COMPLAINT_VALUES, complaintCode: 'IS-PII-UNAUTH', idNumber: CLEAR.idNumber, description: `家中信号只有一格，客户另留座机 ${CLEAR.landlineInText}` };
    expect(await ws.call('tickets.saveDraft', { id: draft.value.id, values, focusField: null })).toMatchObject({ ok: true });
    const submitted = await ws.call('tickets.submitDraft', { id: draft.value.id });
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.error));
    const ticket = submitted.value.ticketId;
    await session.sync.syncNow();

    // A call from a customer, linked to the ticket.
    const call = uuidv7();
    const ringAt = new Date(Date.now() - 120_000).toISOString();
    expect(await ws.call('calls.save', { id: call, direction: 'inbound', number: CLEAR.caller, ringAt, answerAt: ringAt, endAt: new Date().toISOString(), disposition: 'answered', ticketId: ticket })).toMatchObject({ ok: true });

    // A colleague changes the customer's phone on the server; this seat changes the same field: one conflict.
    const login = await fetch(`${ws.api.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agentId: '1002', password: 'hotline1002' }) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const serverRev = (await ws.api.storage.getDocument('tickets', ticket))!.rev;
    const colleague: Mutation = { mutationId: uuidv7(), collection: 'tickets', id: ticket, baseRev: serverRev, op: 'update', patch: { 'fields.customerPhone': CLEAR.colleaguesPhone, customerPhone: CLEAR.colleaguesPhone } };
    const pushed = await fetch(`${ws.api.url}/v1/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` }, body: JSON.stringify({ clientId: 'ws-colleague-1002', mutations: [colleague] }) });
    expect(((await pushed.json()) as { results: { status: string }[] }).results).toMatchObject([{ status: 'applied' }]);
    session.db.transaction(() => {
      enqueueMutation(session.db, { collection: 'tickets', entityId: ticket, op: 'update', baseRev: serverRev, patch: { 'fields.customerPhone': CLEAR.myNewPhone, customerPhone: CLEAR.myNewPhone } });
      // And a write the server refuses (an agent may not close a submitted ticket): one dead letter.
      enqueueMutation(session.db, { collection: 'tickets', entityId: ticket, op: 'update', baseRev: serverRev + 1, patch: { status: 'closed', 'fields.customerDemand': `请回电 ${CLEAR.refusedText}` } });
    })();
    const status = await session.sync.syncNow();
    expect(status).toMatchObject({ conflicts: 1, deadLetters: 1 });
    ids = { ticket, call };
  }, 120_000);
  afterAll(() => ws?.close());

  it('places every channel of the contract in one list or the other', () => {
    const placed = [...Object.keys(MASKED_ANSWERS), ...Object.keys(OTHER_ANSWERS)].sort();
    expect(placed).toEqual(Object.keys(channels).filter((name) => !name.startsWith('handbook.') && !name.startsWith('training.')).sort());
  });

  it.each(Object.keys(MASKED_ANSWERS) as ChannelName[])('%s answers without a clear value', async (channel) => {
    const answer = await ws.call(channel, MASKED_ANSWERS[channel]!(ids) as never);
    expect(answer.ok, JSON.stringify(answer).slice(0, 300)).toBe(true);
    expect(JSON.stringify(answer).length).toBeGreaterThan(20);
    expect(clearValuesIn(answer)).toEqual([]);
  });

  it('finds the clear value where it is meant to be: the audited reveal (the search itself can fail)', async () => {
    const revealed = await ws.call('tickets.reveal', { id: ids.ticket, field: 'idNumber', reason: '核实机主身份' });
    expect(clearValuesIn(revealed)).toEqual(['idNumber']);
    // The reveal reaches the centre's audit through the outbox, as the signed-in agent.
    await ws.workstation.requireSession().sync.syncNow();
    expect(await ws.api.storage.listReveals({ limit: 10 })).toMatchObject([{ ticketId: ids.ticket, field: 'idNumber', reason: '核实机主身份', agentId: '1001', team: '宽带一组' }]);
    const detail = await ws.call('tickets.get', { id: ids.ticket });
    expect(detail.ok && detail.value.maskedFields).toEqual(expect.arrayContaining(['customerPhone', 'idNumber', 'description']));
  });

  it('shows the conflict and the dead letter masked, yet recognisably (last digits, labels)', async () => {
    const conflicts = await ws.call('sync.conflicts', {});
    const letters = await ws.call('sync.deadLetters', {});
    expect(JSON.stringify(conflicts)).toMatch(/5678/);
    expect(JSON.stringify(letters)).toMatch(/4433/);
  });
});
