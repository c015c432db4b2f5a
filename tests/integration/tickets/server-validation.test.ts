import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSeedsIfEmpty } from '../../../src-server/seed/load-seeds.js';
import { SqliteStorage } from '../../../src-server/storage/sqlite-storage.js';
import { ticketDocumentWrite, validatePushedTicket } from '../../../src-server/tickets/validate-pushed-ticket.js';
import * as tickets from '../../../src-main/services/tickets/index.js';
import { agent1001, complaintValues, contextOf, manualClock, openTicketStore } from './ticket-store.js';

let storage: SqliteStorage;
let store: ReturnType<typeof openTicketStore>;
beforeEach(async () => {
  storage = new SqliteStorage(':memory:');
  await loadSeedsIfEmpty(storage);
  store = openTicketStore();
});
afterEach(async () => {
  await storage.close();
  store.close();
});

/** What the workstation pushes for a new ticket: the create op's patch. */
function pushedComplaint(values: Record<string, unknown>) {
  const clock = manualClock(new Date().toISOString());
  const ctx = contextOf(store.db, agent1001, clock);
  const draft = tickets.createDraft(ctx, 'complaint');
  tickets.saveDraft(store.db, draft.id, { ...draft.values, ...values } as never, null, clock.now());
  tickets.submitDraft(ctx, draft.id);
  const row = store.db.prepare(`SELECT payload FROM outbox WHERE op = 'create'`).pluck().get() as string;
  return (JSON.parse(row) as { patch: Record<string, unknown> }).patch;
}

describe('the central API checks pushed tickets with the published forms', () => {
  it('publishes the seed forms and complaint codes to every agent', async () => {
    expect(await storage.countDocuments('forms')).toBe(4);
    expect(await storage.countDocuments('codes')).toBe(1);
    const page = await storage.pull({ agentId: '1003', team: '移动二组' }, 0, 100);
    expect(page.changes.filter((change) => change.collection === 'forms').map((change) => change.id).sort()).toEqual(['complaint', 'fault', 'inquiry', 'service']);
  });

  it('accepts what the workstation accepted, and its team pulls it', async () => {
    const doc = pushedComplaint(complaintValues);
    expect(await validatePushedTicket(storage, doc)).toMatchObject({ ok: true });
    await storage.putDocuments([{ ...ticketDocumentWrite(doc as { id: string; team: string }), data: doc }]);
    expect((await storage.pull({ agentId: '1002', team: '宽带一组' }, 0, 100)).changes.some((change) => change.collection === 'tickets')).toBe(true);
    expect((await storage.pull({ agentId: '1003', team: '移动二组' }, 0, 100)).changes.some((change) => change.collection === 'tickets')).toBe(false);
  });

  it('rejects a tampered ticket with a reason in Chinese and English', async () => {
    const doc = { ...pushedComplaint(complaintValues) };
    doc.fields = { ...(doc.fields as object), complaintCode: 'NQ-MOB' };
    doc.complaintCode = 'NQ-MOB';
    expect(await validatePushedTicket(storage, doc)).toMatchObject({
      ok: false,
      reason: { zh: '投诉编码：请选择有效的投诉编码（选到最后一级）', en: 'Complaint code: Choose a valid complaint code (down to the last level)' },
    });
  });
});
