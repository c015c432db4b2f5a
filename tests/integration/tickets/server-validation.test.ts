import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mutation, PushResponse } from '../../../src-shared/sync/protocol.js';
import type { FormSchema } from '../../../src-shared/tickets/form-schema.js';
import { startApiServer, type RunningApiServer } from '../../../src-server/start.js';
import * as tickets from '../../../src-main/services/tickets/index.js';
import { agent1001, complaintValues, contextOf, manualClock, openTicketStore } from './ticket-store.js';
import { formOf } from '../../unit/tickets/seed-forms.js';
import { openTicketWorkstation } from '../../support/ticket-workstation.js';

// The central API checks every pushed ticket with the forms and complaint codes it publishes —
// the same engine the renderer and the workstation ran — over real HTTP, as a workstation pushes.

let dir: string;
let server: RunningApiServer;
let store: ReturnType<typeof openTicketStore>;
beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-ticket-api-'));
  server = await startApiServer({ db: path.join(dir, 'central.db'), rateLimit: false });
  store = openTicketStore();
});
afterEach(async () => {
  await server.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function login(agentId: string): Promise<string> {
  const response = await fetch(`${server.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agentId, password: `hotline${agentId}` }) });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function post<T>(url: string, agentId: string, body: unknown): Promise<T> {
  const response = await fetch(`${server.url}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await login(agentId)}` },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

const push = (mutations: Mutation[]) => post<PushResponse>('/v1/sync/push', '1001', { clientId: 'ws-validation-test', mutations });

/** What the workstation's outbox holds after the agent submits a complaint (and whatever else it did). */
function outbox(): Mutation[] {
  const rows = store.db.prepare('SELECT mutation_id, collection, entity_id, op, payload FROM outbox ORDER BY seq').all() as {
    mutation_id: string;
    collection: 'tickets';
    entity_id: string;
    op: Mutation['op'];
    payload: string;
  }[];
  return rows.map((row) => {
    const { patch, baseRev } = JSON.parse(row.payload) as { patch: Record<string, unknown>; baseRev: number | null };
    return { mutationId: row.mutation_id, collection: row.collection, id: row.entity_id, op: row.op, patch, baseRev };
  });
}

function submitComplaint(values: Record<string, unknown> = complaintValues): string {
  const clock = manualClock(new Date().toISOString());
  const ctx = contextOf(store.db, agent1001, clock);
  const draft = tickets.createDraft(ctx, 'complaint');
  tickets.saveDraft(store.db, draft.id, { ...draft.values, ...values } as never, null, clock.now());
  const id = tickets.submitDraft(ctx, draft.id);
  tickets.addNote(ctx, id, '已向客户致歉，承诺48小时内回复');
  return id;
}

const pulledTicketIds = async (agentId: string, team: string) => {
  const response = await fetch(`${server.url}/v1/sync/pull?cursor=0&limit=500`, { headers: { authorization: `Bearer ${await login(agentId)}` } });
  const page = (await response.json()) as { changes: { collection: string; id: string; data: { events?: unknown[] } }[] };
  expect(team).toBeTruthy();
  return page.changes.filter((change) => change.collection === 'tickets');
};

describe('the central API checks pushed tickets with the forms it publishes', () => {
  it('a complaint made with a stale form is refused, stays listed with the reason, and once fixed lands exactly once', async () => {
    const bench = await openTicketWorkstation(dir, server.url, '1001');
    try {
      await bench.sync.syncNow(); // the seed forms arrive
      const ctx = contextOf(bench.db, agent1001, { now: () => new Date() });
      const draft = tickets.createDraft(ctx, 'complaint');
      tickets.saveDraft(bench.db, draft.id, { ...draft.values, ...complaintValues, customerName: '' } as never, null, new Date());
      const id = tickets.submitDraft(ctx, draft.id);
      // Meanwhile the centre made the customer's name required.
      const complaint = formOf('complaint');
      const stricter = { ...complaint, version: 2, fields: complaint.fields.map((field) => (field.id === 'customerName' ? { ...field, required: true } : field)) };
      await post('/v1/admin/publish', '9001', { documents: [{ collection: 'forms', id: 'complaint', data: stricter }] });

      const status = await bench.sync.syncNow();
      expect(status).toMatchObject({ pending: 0, deadLetters: 2 }); // the create, and the event that could not follow it
      const [listed] = tickets.listTickets(ctx, { scope: 'mine', rejectedOnly: true }).rows;
      expect(listed).toMatchObject({ id, rejectedReason: '客户姓名：此项必填' });
      expect(await server.storage.getDocument('tickets', id)).toBeUndefined();

      const fix = tickets.editRejected(ctx, id);
      tickets.saveDraft(bench.db, fix.id, { ...fix.values, customerName: '王先生' }, 'customerName', new Date());
      expect(tickets.submitDraft(ctx, fix.id)).toBe(id);
      expect(bench.sync.listDeadLetters()).toEqual([]); // superseded by the fix (the audit log keeps them)
      expect(await bench.sync.syncNow()).toMatchObject({ pending: 0, deadLetters: 0 });
      const onServer = (await server.storage.getDocument('tickets', id))!.data as { customerName: string; events: { kind: string }[] };
      expect(onServer.customerName).toBe('王先生');
      expect(onServer.events.map((event) => event.kind)).toEqual(['submitted', 'edited']);
      expect(tickets.getTicketDetail(ctx, id)).toMatchObject({ rejectedReason: null, pending: false });
    } finally {
      await bench.close();
    }
  });

  it('applies a complaint and its note as the workstation pushed them; the owner team pulls it, another team does not', async () => {
    const id = submitComplaint();
    const { results } = await push(outbox());
    expect(results.map((result) => result.status)).toEqual(['applied', 'applied', 'applied']);
    const pulled = await pulledTicketIds('1002', '宽带一组');
    expect(pulled.map((change) => change.id)).toEqual([id]);
    expect(pulled[0]!.data.events).toEqual([expect.objectContaining({ kind: 'submitted' }), expect.objectContaining({ kind: 'note', note: '已向客户致歉，承诺48小时内回复' })]);
    expect(await pulledTicketIds('1003', '移动二组')).toEqual([]);
  });

  it('rejects a tampered complaint with the reason in Chinese and English, and stores nothing', async () => {
    submitComplaint();
    const [create] = outbox();
    const patch = create!.patch as { fields: Record<string, unknown>; complaintCode: string | null };
    patch.fields = { ...patch.fields, complaintCode: 'NQ-MOB' }; // not a leaf of the code tree
    patch.complaintCode = 'NQ-MOB';
    const { results } = await push([create!]);
    expect(results[0]).toMatchObject({
      status: 'rejected',
      error: {
        code: 'VALIDATION',
        message: '投诉编码：请选择有效的投诉编码（选到最后一级）',
        localized: { zh: '投诉编码：请选择有效的投诉编码（选到最后一级）', en: 'Complaint code: Choose a valid complaint code (down to the last level)' },
      },
    });
    expect(await server.storage.countDocuments('tickets')).toBe(0);
  });

  it('rejects a ticket on a form the server does not publish and a note that is not an event list', async () => {
    const id = submitComplaint();
    const [create, submitted, note] = outbox();
    const unknownForm = { ...create!, mutationId: uuidv7(), patch: { ...create!.patch, formId: 'refund' } };
    expect((await push([unknownForm])).results[0]).toMatchObject({ status: 'rejected', error: { message: '未知的工单表单 refund' } });
    expect((await push([create!, submitted!])).results.map((result) => result.status)).toEqual(['applied', 'applied']);
    const loose = { ...note!, mutationId: uuidv7(), patch: { events: [{ kind: 'note', note: '没有作者的备注' }] } };
    expect((await push([loose])).results[0]).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION' } });
    expect((await server.storage.getDocument('tickets', id))!.data).toMatchObject({ events: [expect.objectContaining({ kind: 'submitted' })] });
  });

  it('checks against a newly published form version at once: a field made required refuses tickets without it', async () => {
    const complaint = formOf('complaint');
    const stricter: FormSchema = {
      ...complaint,
      version: complaint.version + 1,
      fields: complaint.fields.map((field) => (field.id === 'customerName' ? { ...field, required: true } : field)),
    };
    // The workstation still has the old form: it accepted a complaint without a customer name.
    submitComplaint({ ...complaintValues, customerName: '' });
    const published = await post<{ published: number }>('/v1/admin/publish', '9001', { documents: [{ collection: 'forms', id: 'complaint', data: stricter }] });
    expect(published).toEqual({ published: 1 });
    const [create] = outbox();
    expect((await push([create!])).results[0]).toMatchObject({ status: 'rejected', error: { localized: { zh: expect.stringContaining('客户姓名') } } });
  });

  it('refuses to publish a form schema workstations could not read', async () => {
    const response = await fetch(`${server.url}/v1/admin/publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await login('9001')}` },
      body: JSON.stringify({ documents: [{ collection: 'forms', id: 'broken', data: { id: 'broken', fields: 'none' } }] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('forms/broken') });
    expect(await server.storage.countDocuments('forms')).toBe(4);
  });
});
