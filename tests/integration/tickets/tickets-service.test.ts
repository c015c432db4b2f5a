import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callHistory } from '../../../src-main/services/calls/call-history.js';
import { saveCall } from '../../../src-main/services/calls/call-store.js';
import { AppFailure } from '../../../src-shared/result.js';
import * as tickets from '../../../src-main/services/tickets/index.js';
import type { Db } from '../../../src-main/services/store/open-store.js';
import { agent1001, complaintValues, contextOf, lead2001, manualClock, openTicketStore } from './ticket-store.js';

const HOUR = 3_600_000;
let store: ReturnType<typeof openTicketStore>;
let db: Db;
let clock: ReturnType<typeof manualClock>;

beforeEach(() => {
  store = openTicketStore();
  db = store.db;
  clock = manualClock('2026-11-23T08:00:00.000Z');
});
afterEach(() => store.close());

const outbox = () => db.prepare('SELECT collection, entity_id, op, payload FROM outbox ORDER BY seq').all() as { collection: string; entity_id: string; op: string; payload: string }[];

function submitComplaint(values: Record<string, unknown> = complaintValues) {
  const ctx = contextOf(db, agent1001, clock);
  const draft = tickets.openDraftFromCall(ctx, { callId: 'call-1', number: '13812341234', startedAt: '2026-11-23T07:55:00Z', scenario: '投诉' });
  tickets.saveDraft(db, draft.id, { ...draft.values, ...values } as never, 'description', clock.now());
  return tickets.submitDraft(ctx, draft.id);
}

describe('an agent enters a complaint from a call', () => {
  it('opens the complaint form for a complaint call, pre-filled and linked, and the same draft on a second ask', () => {
    const ctx = contextOf(db, agent1001, clock);
    const draft = tickets.openDraftFromCall(ctx, { callId: 'call-1', number: '13812341234', startedAt: '2026-11-23T07:55:00Z', scenario: '投诉' });
    expect(draft.formId).toBe('complaint');
    expect(draft.values.customerPhone).toBe('13812341234');
    expect(tickets.openDraftFromCall(ctx, { callId: 'call-1', number: '13812341234', startedAt: '2026-11-23T07:55:00Z' }).id).toBe(draft.id);
    expect(tickets.openDraftFromCall(ctx, { callId: 'call-2', number: '13812341234', startedAt: '2026-11-23T07:55:00Z', scenario: '宽带故障' }).formId).toBe('fault');
  });

  it('refuses to submit with field problems and writes nothing', () => {
    const ctx = contextOf(db, agent1001, clock);
    const draft = tickets.createDraft(ctx, 'complaint');
    let failure: AppFailure | undefined;
    try {
      tickets.submitDraft(ctx, draft.id);
    } catch (error) {
      failure = error as AppFailure;
    }
    expect(failure?.code).toBe('VALIDATION');
    expect(failure?.issues).toContainEqual({ path: 'complaintCode', message: '此项必填' });
    expect(outbox()).toEqual([]);
  });

  it('writes the ticket row and its outbox entries in one go; the screen pop finds it by number', () => {
    const id = submitComplaint();
    expect(outbox().map((row) => `${row.collection}:${row.op}`)).toEqual(['tickets:create', 'tickets:append']);
    const created = JSON.parse(outbox()[0]!.payload) as { baseRev: null; patch: { status: string; calls: { callId: string }[] } };
    expect(created.patch.status).toBe('submitted');
    expect(created.patch.calls[0]!.callId).toBe('call-1');
    const popped = db.prepare('SELECT id, type, status, title, customer_phone, created_at FROM tickets WHERE customer_phone = ?').all('13812341234');
    expect(popped).toEqual([expect.objectContaining({ id, type: 'complaint', status: 'submitted', title: '手机信号弱，通话经常中断' })]);
    expect(tickets.listDrafts(db)).toEqual([]);
  });

  it('keeps the phone masked in lists and detail; a reveal needs a reason and lands in the audit log and the timeline', () => {
    const id = submitComplaint();
    const ctx = contextOf(db, agent1001, clock);
    const page = tickets.listTickets(ctx, { scope: 'mine' });
    expect(page.rows[0]!.customerPhoneMasked).toBe('138****1234');
    expect(tickets.getTicketDetail(ctx, id).fields.customerPhone).toBe('138****1234');
    expect(tickets.revealValue(ctx, id, 'customerPhone', '客户要求核对号码')).toBe('13812341234');
    expect(db.prepare('SELECT actor, action, target, reason FROM audit_log').all()).toEqual([
      { actor: '1001', action: 'ticket.reveal', target: `${id}:customerPhone`, reason: '客户要求核对号码' },
    ]);
    expect(tickets.getTicketDetail(ctx, id).events.map((event) => event.kind)).toEqual(['submitted', 'revealed']);
  });
});

describe('the call a ticket came from', () => {
  it('lists the ticket in the call history by its GD number, not its internal id', () => {
    const at = '2026-11-23T07:55:00.000Z';
    saveCall(db, { id: 'call-1', direction: 'inbound', number: '13812341234', ringAt: at, answerAt: at, endAt: '2026-11-23T08:01:00.000Z', holdSeconds: 0, afterCallWorkSeconds: 0, disposition: 'answered', ticketId: null, scriptCompliance: null });
    const id = submitComplaint();
    const [entry] = callHistory(db, 1);
    expect(entry!.ticketId).toBe(id);
    expect(entry!.ticketNumber).toMatch(/^GD\d{8}-[0-9A-F]{6}$/);
    expect(entry!.ticketNumber).toBe(db.prepare('SELECT number FROM tickets WHERE id = ?').pluck().get(id));
  });
});

describe('workflow, escalation and first-contact ownership', () => {
  it('an agent escalates to level 2; the owner stays, the assignee changes, the level timer runs', () => {
    const id = submitComplaint();
    const agent = contextOf(db, agent1001, clock);
    clock.advance(HOUR);
    tickets.escalateTicket(agent, id, 2, '客户情绪激动，要求部门处理');
    const detail = tickets.getTicketDetail(agent, id);
    expect(detail.owner.id).toBe('1001');
    expect(detail.assignee).toEqual({ team: '投诉处理专席', agentId: null, name: null });
    expect(detail.escalations[0]).toMatchObject({ level: 2, dueAt: '2026-11-24T09:00:00.000Z', resolveDueAt: '2026-11-25T09:00:00.000Z', answeredAt: null });
    expect(() => tickets.escalateTicket(agent, id, 3, '要求中心处理')).toThrow(/Cannot escalate/);
    expect(tickets.listTickets(agent, { scope: 'followups' }).rows.map((row) => row.id)).toEqual([id]);

    const lead = contextOf(db, lead2001, clock);
    clock.advance(HOUR);
    tickets.transitionTicket(lead, id, 'accepted');
    const accepted = tickets.getTicketDetail(agent, id);
    expect(accepted.escalations[0]!.answeredAt).toBe('2026-11-23T10:00:00.000Z');
    expect(accepted.firstResponseAt).toBe('2026-11-23T10:00:00.000Z');
    expect(accepted.owner.id).toBe('1001');
  });

  it('refuses a close by an agent, records who moved what and when', () => {
    const id = submitComplaint();
    const agent = contextOf(db, agent1001, clock);
    tickets.transitionTicket(agent, id, 'accepted');
    tickets.transitionTicket(agent, id, 'resolved', '已优化基站参数');
    expect(() => tickets.transitionTicket(agent, id, 'closed')).toThrow(AppFailure);
    tickets.transitionTicket(contextOf(db, lead2001, clock), id, 'closed');
    const trainer = contextOf(db, { id: '3001', name: '王芳', team: '培训组', role: 'trainer' }, clock);
    expect(() => tickets.addNote(trainer, id, '演示')).toThrow(/cannot add notes/);
    expect(() => tickets.transitionTicket(trainer, id, 'reopened')).toThrow(AppFailure);
    const events = tickets.getTicketDetail(agent, id).events.filter((event) => event.kind === 'transition');
    expect(events.map((event) => [event.actor, event.from, event.to])).toEqual([
      ['1001', 'submitted', 'accepted'],
      ['1001', 'accepted', 'resolved'],
      ['2001', 'resolved', 'closed'],
    ]);
    const updates = outbox().filter((row) => row.op === 'update').map((row) => JSON.parse(row.payload).patch.status);
    expect(updates).toEqual(['accepted', 'resolved', 'closed']);
  });
});

describe('lists', () => {
  it('filters by SLA state with the clock, by code prefix, and finds two-character Chinese terms', () => {
    const first = submitComplaint();
    clock.advance(HOUR);
    submitComplaint({ ...complaintValues, title: '宽带网速慢，晚上尤其明显', complaintCode: 'NQ-BB-SLOW', priority: 'urgent' });
    const ctx = contextOf(db, agent1001, clock);
    expect(tickets.listTickets(ctx, { scope: 'team', complaintCode: 'NQ-MOB' }).rows.map((row) => row.id)).toEqual([first]);
    expect(tickets.listTickets(ctx, { scope: 'team', complaintCode: 'NQ' }).total).toBe(2);
    expect(tickets.listTickets(ctx, { scope: 'team', text: '网速' }).rows.map((row) => row.title)).toEqual(['宽带网速慢，晚上尤其明显']);
    expect(tickets.listTickets(ctx, { scope: 'team', text: '弱' }).total).toBe(1);
    // Urgent complaints owe a first response in 2 h. The form warns 2 h ahead, but a warning covers at
    // most the last quarter of a promise: not due soon when born, due soon after 90 min, breached after 2 h.
    expect(tickets.listTickets(ctx, { scope: 'team', sla: 'dueSoon' }).total).toBe(0);
    clock.advance(1.5 * HOUR);
    expect(tickets.listTickets(ctx, { scope: 'team', sla: 'dueSoon' }).rows.map((row) => row.priority)).toEqual(['urgent']);
    clock.advance(0.5 * HOUR + 1000);
    expect(tickets.listTickets(ctx, { scope: 'team', sla: 'breached' }).rows.map((row) => row.priority)).toEqual(['urgent']);
    expect(tickets.listTickets(ctx, { scope: 'team', sort: 'due_asc' }).rows[0]!.priority).toBe('urgent');
    expect(tickets.listTickets(ctx, { scope: 'team' }).rows.every((row) => row.pending)).toBe(true);
  });
});

describe('a ticket the server rejects', () => {
  it('stays listed with the reason, opens for editing with its real values, and resubmits', () => {
    const id = submitComplaint();
    const ctx = contextOf(db, agent1001, clock);
    tickets.markTicketRejected(db, id, '投诉编码已停用，请重新选择');
    expect(tickets.listTickets(ctx, { scope: 'mine', rejectedOnly: true }).rows[0]).toMatchObject({ id, rejectedReason: '投诉编码已停用，请重新选择' });
    const draft = tickets.editRejected(ctx, id);
    expect(draft.values.customerPhone).toBe('13812341234');
    tickets.saveDraft(db, draft.id, { ...draft.values, complaintCode: 'NQ-MOB-NONE' }, 'complaintCode', clock.now());
    expect(tickets.submitDraft(ctx, draft.id)).toBe(id);
    const detail = tickets.getTicketDetail(ctx, id);
    expect(detail).toMatchObject({ rejectedReason: null, complaintCode: 'NQ-MOB-NONE' });
    // The server never accepted it: it goes out again whole, then its events so far (history grows only by appends).
    const [resent, history] = outbox().slice(-2);
    expect(resent).toMatchObject({ op: 'create' });
    expect(JSON.parse(resent!.payload).patch).toMatchObject({ complaintCode: 'NQ-MOB-NONE' });
    expect(JSON.parse(resent!.payload).patch).not.toHaveProperty('events');
    expect(history).toMatchObject({ op: 'append' });
    expect(JSON.parse(history!.payload).patch).toMatchObject({ events: [{ kind: 'submitted' }, { kind: 'edited' }] });
  });

  it('a ticket the server holds is fixed with an update based on its revision', () => {
    const id = submitComplaint();
    const ctx = contextOf(db, agent1001, clock);
    const serverDoc = JSON.parse(db.prepare('SELECT doc FROM ticket_docs WHERE id = ?').pluck().get(id) as string);
    db.prepare('DELETE FROM outbox').run(); // pushed and applied
    tickets.applyTicketChange(db, { collection: 'tickets', id, rev: 2, deleted: false, data: serverDoc });
    tickets.markTicketRejected(db, id, '投诉编码已停用，请重新选择');
    const draft = tickets.editRejected(ctx, id);
    tickets.saveDraft(db, draft.id, { ...draft.values, complaintCode: 'NQ-MOB-NONE' }, 'complaintCode', clock.now());
    tickets.submitDraft(ctx, draft.id);
    expect(outbox().map((row) => row.op)).toEqual(['update', 'append']);
    expect(JSON.parse(outbox()[0]!.payload)).toMatchObject({ baseRev: 2, patch: { complaintCode: 'NQ-MOB-NONE' } });
  });
});

describe('pulling the team\'s tickets', () => {
  it('applies a pulled ticket, but keeps a locally changed one until it is pushed, merging events either way', () => {
    const id = submitComplaint();
    const ctx = contextOf(db, agent1001, clock);
    const local = tickets.getTicketDetail(ctx, id);
    const serverDoc = { ...JSON.parse(db.prepare('SELECT doc FROM ticket_docs WHERE id = ?').pluck().get(id) as string), status: 'accepted', events: [
      { id: 'srv-1', kind: 'note', at: '2026-11-23T09:00:00.000Z', actor: '2001', actorName: '李强', actorRole: 'teamlead', note: '已联系网优' },
    ] };
    tickets.applyTicketChange(db, { collection: 'tickets', id, rev: 3, deleted: false, data: serverDoc });
    expect(tickets.getTicketDetail(ctx, id)).toMatchObject({ status: local.status });
    expect(tickets.getTicketDetail(ctx, id).events.map((event) => event.kind)).toContain('note');

    db.prepare('DELETE FROM outbox').run(); // what the push loop does once the server applied them
    tickets.applyTicketChange(db, { collection: 'tickets', id, rev: 4, deleted: false, data: serverDoc });
    expect(tickets.getTicketDetail(ctx, id)).toMatchObject({ status: 'accepted', pending: false });
    expect(tickets.listTickets(ctx, { scope: 'team', text: '网优' }).total).toBe(1);
  });
});

describe('drafts', () => {
  it('keep values and the cursor field across a reopen of the store', () => {
    const ctx = contextOf(db, agent1001, clock);
    const draft = tickets.createDraft(ctx, 'fault');
    tickets.saveDraft(db, draft.id, { ...draft.values, title: '宽带无法上网' }, 'title', clock.now());
    expect(tickets.listDrafts(db)[0]).toMatchObject({ id: draft.id, focusField: 'title', values: expect.objectContaining({ title: '宽带无法上网' }) });
  });
});
