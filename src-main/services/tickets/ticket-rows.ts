import type { FormSchema } from '../../../src-shared/tickets/form-schema.js';
import { nextDueAt, warningStartsAt } from '../../../src-shared/tickets/sla.js';
import { TicketDocument, TicketEvent } from '../../../src-shared/tickets/ticket.js';
import { z } from 'zod';
import type { Db } from '../store/open-store.js';
import { jsonColumn, parseRow, parseRows } from '../../../src-node/sqlite/rows.js';
import { cachedStatement as statement } from '../../../src-node/sqlite/prepared.js';
import { markTicketStale } from './list-index.js';
import { publishedConfig } from './published-config.js';
import { indexTicket, rebuildTicketSearchIfNeeded, unindexTicket } from './ticket-search.js';

// The one place that writes the `tickets`, `ticket_docs`, `ticket_events` and `tickets_search` tables,
// so the list columns, the search index and the in-memory list index never drift from the document.

export const PRIORITY_RANK = { low: 0, normal: 1, high: 2, urgent: 3 } as const;

/** Upserts a ticket row from its document. Runs inside the caller's transaction. */
export function saveTicketRow(db: Db, doc: TicketDocument, form: FormSchema | undefined, options: { rev?: number } = {}): void {
  const { events: _events, ...stored } = doc;
  const due = nextDueAt(doc);
  const warnMinutes = form?.sla[doc.priority]?.warnBeforeMinutes ?? 60;
  const row = {
    id: doc.id,
    number: doc.number,
    type: doc.type,
    form_id: doc.formId,
    status: doc.status,
    priority: doc.priority,
    priority_rank: PRIORITY_RANK[doc.priority],
    title: doc.title,
    customer_phone: doc.customerPhone,
    complaint_code: doc.complaintCode,
    owner_id: doc.owner.id,
    team: doc.team,
    assignee_id: doc.assignee.agentId,
    assignee_team: doc.assignee.team,
    escalation_level: doc.escalationLevel,
    callback_at: doc.callbackAt,
    callback_done_at: doc.callbackDoneAt,
    sla_due_at: due,
    sla_warn_at: due ? warningStartsAt(doc.submittedAt, due, warnMinutes) : null,
    created_at: doc.createdAt,
    updated_at: doc.updatedAt,
    rev: options.rev ?? null,
  };
  statement(
    db,
    `INSERT INTO tickets (id, number, type, form_id, status, priority, priority_rank, title, customer_phone, complaint_code, owner_id, team,
       assignee_id, assignee_team, escalation_level, callback_at, callback_done_at, sla_due_at, sla_warn_at, created_at, updated_at, rev)
     VALUES (@id, @number, @type, @form_id, @status, @priority, @priority_rank, @title, @customer_phone, @complaint_code, @owner_id, @team,
       @assignee_id, @assignee_team, @escalation_level, @callback_at, @callback_done_at, @sla_due_at, @sla_warn_at, @created_at, @updated_at, COALESCE(@rev, 0))
     ON CONFLICT(id) DO UPDATE SET number = excluded.number, type = excluded.type, form_id = excluded.form_id, status = excluded.status, priority = excluded.priority,
       priority_rank = excluded.priority_rank, title = excluded.title, customer_phone = excluded.customer_phone,
       complaint_code = excluded.complaint_code, owner_id = excluded.owner_id, team = excluded.team, assignee_id = excluded.assignee_id,
       assignee_team = excluded.assignee_team, escalation_level = excluded.escalation_level, callback_at = excluded.callback_at,
       callback_done_at = excluded.callback_done_at, sla_due_at = excluded.sla_due_at, sla_warn_at = excluded.sla_warn_at,
       created_at = excluded.created_at, updated_at = excluded.updated_at, rev = COALESCE(@rev, tickets.rev)`,
  ).run(row);
  statement(db, 'INSERT INTO ticket_docs (id, doc) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc').run(doc.id, JSON.stringify(stored));
  reindex(db, doc, form);
  markTicketStale(db, doc.id);
}

/** Marks a ticket as rejected by the server (reason) or clears the mark (null). */
export function setRejected(db: Db, id: string, reason: string | null, at: Date): void {
  statement(db, 'UPDATE tickets SET rejected_reason = ?, rejected_at = ? WHERE id = ?').run(reason?.slice(0, 1000) ?? null, reason === null ? null : at.toISOString(), id);
  markTicketStale(db, id);
}

export function setServerRev(db: Db, id: string, rev: number): void {
  statement(db, 'UPDATE tickets SET rev = MAX(rev, ?) WHERE id = ?').run(rev, id);
}

export function deleteTicketRows(db: Db, id: string): void {
  const rowid = db.prepare('SELECT rowid FROM tickets WHERE id = ?').pluck().get(id) as number | undefined;
  if (rowid !== undefined) unindexTicket(db, rowid);
  db.prepare('DELETE FROM tickets WHERE id = ?').run(id);
  db.prepare('DELETE FROM ticket_docs WHERE id = ?').run(id);
  db.prepare('DELETE FROM ticket_events WHERE ticket_id = ?').run(id);
  markTicketStale(db, id);
}

function reindex(db: Db, doc: TicketDocument, form: FormSchema | undefined): void {
  const rowid = statement(db, 'SELECT rowid FROM tickets WHERE id = ?').pluck().get(doc.id) as number;
  const notes = parseRows(jsonColumn(TicketEvent), statement(db, `SELECT data FROM ticket_events WHERE ticket_id = ? AND kind = 'note'`).pluck().all(doc.id), 'ticket_events');
  // Free text the agent wrote (long text and text fields), never the masked kinds (phone, ID).
  const freeText = (form?.fields ?? [])
    .filter((field) => field.kind === 'text' || field.kind === 'longText')
    .map((field) => doc.fields[field.id])
    .filter((value): value is string => typeof value === 'string');
  const text = [doc.number, doc.title, doc.customerName ?? '', doc.complaintCode ?? '', doc.customerPhone, ...freeText, ...notes.map((note) => note.note ?? '')].join(' ');
  indexTicket(db, rowid, { text, phone: doc.customerPhone, pinyinOf: [doc.title, doc.customerName ?? ''] });
}

/** At sign-in: fills the search index once after an upgrade changed its shape. Returns how many tickets were indexed. */
export function ensureTicketSearchIndex(db: Db): number {
  return rebuildTicketSearchIfNeeded(db, () => reindexAllTickets(db));
}

/** Indexes every stored ticket again (after the search index changed shape). Returns how many. */
export function reindexAllTickets(db: Db): number {
  const forms = publishedConfig(db).forms;
  const docs = parseRows(StoredDoc, db.prepare('SELECT doc FROM ticket_docs').pluck().all(), 'ticket_docs');
  for (const doc of docs) reindex(db, doc, forms.find((form) => form.id === doc.formId));
  return docs.length;
}

/** Stores an event; an event already present (same id, e.g. pulled back from the server) is kept as is. */
/**
 * Stores an event; the centre's copy of one already here replaces it (the server sets its time and
 * the actor's name when it appends it), so the history reads the same on every workstation.
 */
export function saveEvent(db: Db, ticketId: string, event: TicketEvent): void {
  statement(
    db,
    'INSERT INTO ticket_events (id, ticket_id, at, kind, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at, data = excluded.data WHERE data <> excluded.data',
  ).run(event.id, ticketId, event.at, event.kind, JSON.stringify(event));
}

/** `ticket_docs.doc`: the document without its events (they live in ticket_events). */
const StoredDoc = jsonColumn(z.preprocess((stored) => (typeof stored === 'object' && stored !== null ? { ...stored, events: [] } : stored), TicketDocument));

const TicketDocRow = z.object({ doc: StoredDoc, rev: z.number().int().nonnegative(), rejected_reason: z.string().nullable() }).optional();

export function readTicketDoc(db: Db, id: string): { doc: TicketDocument; rev: number; rejectedReason: string | null } | undefined {
  const row = parseRow(TicketDocRow, db.prepare('SELECT d.doc, t.rev, t.rejected_reason FROM tickets t JOIN ticket_docs d ON d.id = t.id WHERE t.id = ?').get(id), 'tickets/ticket_docs');
  return row && { doc: row.doc, rev: row.rev, rejectedReason: row.rejected_reason };
}

export function readEvents(db: Db, ticketId: string): TicketEvent[] {
  return parseRows(jsonColumn(TicketEvent), db.prepare('SELECT data FROM ticket_events WHERE ticket_id = ? ORDER BY at, rowid').pluck().all(ticketId), 'ticket_events');
}
