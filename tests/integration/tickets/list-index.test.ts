import { afterEach, beforeEach, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { TicketListQuery } from '../../../src-shared/ipc/tickets.js';
import { slaDueTimes } from '../../../src-shared/tickets/sla.js';
import { ticketNumber, type TicketDocument } from '../../../src-shared/tickets/ticket.js';
import * as tickets from '../../../src-main/services/tickets/index.js';
import { saveTicketRow } from '../../../src-main/services/tickets/ticket-rows.js';
import { seeds } from '../../unit/tickets/seed-forms.js';
import { agent1001, contextOf, manualClock, openTicketStore } from './ticket-store.js';

let store: ReturnType<typeof openTicketStore>;
beforeEach(() => (store = openTicketStore()));
afterEach(() => store.close());

const STATUSES = ['submitted', 'accepted', 'in_progress', 'waiting_customer', 'resolved', 'closed', 'reopened'] as const;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
const CODES = ['NQ-MOB-WEAK', 'NQ-MOB-DROP', 'NQ-BB-SLOW', 'BL-DATA-OVER'];

function randomTicket(pick: (n: number) => number, base: number): TicketDocument {
  const type = (['inquiry', 'complaint', 'fault'] as const)[pick(3)]!;
  const form = seeds.forms.find((candidate) => candidate.type === type)!;
  const created = new Date(base - pick(30 * 24) * 3_600_000);
  const id = uuidv7({ msecs: created.getTime() });
  const priority = PRIORITIES[pick(4)]!;
  const status = STATUSES[pick(STATUSES.length)]!;
  const at = created.toISOString();
  const owner = pick(3) === 0 ? '1001' : '1002';
  return {
    id,
    number: ticketNumber(id, created),
    type,
    formId: form.id,
    formVersion: 1,
    status,
    priority,
    title: pick(2) ? '宽带网速慢' : '手机信号弱',
    customerPhone: '13812341234',
    customerName: null,
    complaintCode: type === 'complaint' ? CODES[pick(CODES.length)]! : null,
    callbackAt: null,
    callbackDoneAt: null,
    fields: {},
    owner: { id: owner, name: owner, team: pick(4) ? '宽带一组' : '移动二组' },
    team: pick(4) ? '宽带一组' : '移动二组',
    assignee: { team: '宽带一组', agentId: pick(2) ? '1001' : null, name: null },
    escalationLevel: 0,
    escalations: [],
    calls: [],
    createdAt: at,
    submittedAt: at,
    firstResponseAt: ['submitted', 'reopened'].includes(status) ? null : at,
    resolvedAt: null,
    closedAt: null,
    updatedAt: new Date(created.getTime() + pick(1000) * 60_000).toISOString(),
    ...slaDueTimes(at, form.sla[priority]!),
    events: [],
  };
}

it('the in-memory list index returns exactly what SQL over the tickets table returns, also after changes', () => {
  const { db } = store;
  const clock = manualClock('2026-11-23T08:00:00.000Z');
  const ctx = contextOf(db, agent1001, clock);
  let seed = 7;
  const pick = (n: number) => {
    seed = (seed * 48_271) % 2_147_483_647;
    return seed % n;
  };
  const base = clock.now().getTime();
  db.transaction(() => {
    for (let i = 0; i < 400; i++) saveTicketRow(db, randomTicket(pick, base), undefined, { rev: 1 });
  })();

  const now = clock.now().toISOString();
  const cases: [TicketListQuery, string, string][] = [
    [{ scope: 'team' }, `team = '宽带一组'`, 'created_at DESC, id DESC'],
    [{ scope: 'mine', sort: 'updated_desc' }, `(owner_id = '1001' OR assignee_id = '1001')`, 'updated_at DESC, id DESC'],
    [{ scope: 'followups', sort: 'due_asc' }, `owner_id = '1001' AND status NOT IN ('closed', 'draft')`, 'sla_due_at IS NULL, sla_due_at, created_at DESC, id DESC'],
    [{ scope: 'team', statuses: ['accepted', 'reopened'], priorities: ['urgent'], sort: 'priority_desc' }, `team = '宽带一组' AND status IN ('accepted', 'reopened') AND priority = 'urgent'`, 'priority_rank DESC, created_at DESC, id DESC'],
    [{ scope: 'team', complaintCode: 'NQ-MOB' }, `team = '宽带一组' AND complaint_code LIKE 'NQ-MOB-%'`, 'created_at DESC, id DESC'],
    [{ scope: 'team', sla: 'breached', sort: 'due_asc' }, `team = '宽带一组' AND sla_due_at <= '${now}'`, 'sla_due_at, created_at DESC, id DESC'],
    [{ scope: 'team', sla: 'dueSoon' }, `team = '宽带一组' AND sla_due_at > '${now}' AND sla_warn_at <= '${now}'`, 'created_at DESC, id DESC'],
  ];
  const check = () => {
    for (const [query, where, order] of cases) {
      const expected = db.prepare(`SELECT id FROM tickets WHERE ${where} ORDER BY ${order}`).pluck().all() as string[];
      const page = tickets.listTickets(ctx, { ...query, offset: 3, limit: 20 });
      expect(page.total, JSON.stringify(query)).toBe(expected.length);
      expect(page.rows.map((row) => row.id), JSON.stringify(query)).toEqual(expected.slice(3, 23));
    }
  };
  check();
  // Changes through every writer: new rows, updates, a rejection, a rolled-back transaction.
  const ids = db.prepare(`SELECT id FROM tickets WHERE status = 'submitted' LIMIT 5`).pluck().all() as string[];
  for (const id of ids) tickets.transitionTicket(ctx, id, 'accepted');
  db.transaction(() => {
    for (let i = 0; i < 20; i++) saveTicketRow(db, randomTicket(pick, base), undefined, { rev: 1 });
  })();
  tickets.markTicketRejected(db, ids[0]!, '测试退回');
  expect(() =>
    db.transaction(() => {
      saveTicketRow(db, { ...randomTicket(pick, base), team: '宽带一组' }, undefined);
      throw new Error('rolled back');
    })(),
  ).toThrow('rolled back');
  check();
  expect(tickets.listTickets(ctx, { scope: 'team', rejectedOnly: true }).rows.map((row) => row.id)).toEqual(
    db.prepare(`SELECT id FROM tickets WHERE rejected_reason IS NOT NULL AND team = '宽带一组'`).pluck().all(),
  );
});
