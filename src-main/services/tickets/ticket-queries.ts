import { TicketListQuery, type CallbackReminder, type TicketDetail, type TicketPage, type TicketRow } from '../../../src-shared/ipc/tickets.js';
import { AppFailure } from '../../../src-shared/result.js';
import { callbackState } from '../../../src-shared/tickets/sla.js';
import { maskDeep, maskPhone, maskText } from '../../../src-shared/privacy/mask.js';
import { maskTicketFields } from '../../../src-shared/tickets/personal-fields.js';
import type { TicketContext } from './context.js';
import { publishedConfig } from './published-config.js';
import { readEvents, readTicketDoc } from './ticket-rows.js';
import { searchTickets } from './ticket-search.js';
import { listIndexOf, type ListFilter } from './list-index.js';
import { hasPendingWrite } from '../sync/outbox.js';

// Reads for lists and the detail view. Phone and ID values are masked here, in main: the renderer
// never holds them unless the agent revealed one on purpose.

interface ListRow {
  id: string;
  number: string;
  type: string;
  status: TicketRow['status'];
  priority: TicketRow['priority'];
  title: string;
  customer_phone: string;
  complaint_code: string | null;
  owner_id: string;
  assignee_team: string;
  escalation_level: number;
  callback_at: string | null;
  callback_done_at: string | null;
  sla_due_at: string | null;
  sla_warn_at: string | null;
  created_at: string;
  updated_at: string;
  rejected_reason: string | null;
}

/**
 * One page of a list (mine / team / follow-ups) with filters, search and sort, and the total for the
 * scrollbar. Filtering and ordering run over the in-memory list index; the page's rows come from SQLite.
 */
export function listTickets(ctx: TicketContext, input: TicketListQuery): TicketPage {
  const query = TicketListQuery.parse(input);
  const set = (values: readonly string[] | undefined) => (values?.length ? new Set<string>(values) : null);
  let rowids: Set<number> | null = null;
  if (query.text) {
    rowids = searchTickets(ctx.db, query.text);
    if (rowids === null) return { total: 0, offset: query.offset, rows: [] };
  }
  const filter: ListFilter = {
    scope: query.scope,
    me: ctx.actor.id,
    team: ctx.actor.team,
    statuses: set(query.statuses),
    types: set(query.types),
    priorities: set(query.priorities),
    sla: query.sla ?? null,
    now: ctx.now().getTime(),
    code: query.complaintCode ?? null,
    rejectedOnly: query.rejectedOnly ?? false,
    rowids,
  };
  const { total, ids } = listIndexOf(ctx.db).scan(query.sort, filter, query.offset, query.limit);
  if (ids.length === 0) return { total, offset: query.offset, rows: [] };
  const rows = ctx.db
    .prepare(
      `SELECT t.id, t.number, t.type, t.status, t.priority, t.title, t.customer_phone, t.complaint_code, t.owner_id, t.assignee_team,
         t.escalation_level, t.callback_at, t.callback_done_at, t.sla_due_at, t.sla_warn_at, t.created_at, t.updated_at, t.rejected_reason
       FROM tickets t WHERE t.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as ListRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return { total, offset: query.offset, rows: ids.flatMap((id) => (byId.has(id) ? [toTicketRow(byId.get(id)!, isPending(ctx, id))] : [])) };
}

const toTicketRow = (row: ListRow, pending: boolean): TicketRow => ({
  id: row.id,
  number: row.number,
  type: row.type,
  status: row.status,
  priority: row.priority,
  title: maskText(row.title),
  customerPhoneMasked: maskPhone(row.customer_phone),
  complaintCode: row.complaint_code,
  ownerId: row.owner_id,
  assigneeTeam: row.assignee_team,
  escalationLevel: row.escalation_level,
  callbackAt: row.callback_at,
  callbackDoneAt: row.callback_done_at,
  slaDueAt: row.sla_due_at,
  slaWarnAt: row.sla_warn_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  pending,
  rejectedReason: row.rejected_reason,
});

export function isPending(ctx: TicketContext, ticketId: string): boolean {
  return hasPendingWrite(ctx.db, 'tickets', ticketId);
}

export function getTicketDetail(ctx: TicketContext, ticketId: string): TicketDetail {
  const stored = readTicketDoc(ctx.db, ticketId);
  if (!stored) throw new AppFailure('NOT_FOUND', `No ticket ${ticketId}`);
  const { doc } = stored;
  const form = publishedConfig(ctx.db).forms.find((candidate) => candidate.id === doc.formId);
  const { fields, masked } = maskTicketFields(form, doc.fields);
  const { customerPhone, events: _events, ...rest } = doc;
  return {
    ...rest,
    title: maskText(doc.title),
    customerPhoneMasked: maskPhone(customerPhone),
    fields,
    maskedFields: masked,
    events: maskDeep(readEvents(ctx.db, ticketId)) as TicketDetail['events'],
    pending: isPending(ctx, ticketId),
    rejectedReason: stored.rejectedReason,
  };
}

/** My promised callbacks that are due for a reminder or already overdue. */
export function callbackReminders(ctx: TicketContext): CallbackReminder[] {
  const now = ctx.now();
  const forms = new Map(publishedConfig(ctx.db).forms.map((form) => [form.id, form]));
  const horizon = new Date(now.getTime() + 24 * 3_600_000).toISOString();
  const rows = ctx.db
    .prepare(
      `SELECT id, number, title, callback_at, form_id FROM tickets
       WHERE owner_id = ? AND callback_at IS NOT NULL AND callback_done_at IS NULL AND callback_at <= ? AND status NOT IN ('closed')
       ORDER BY callback_at LIMIT 50`,
    )
    .all(ctx.actor.id, horizon) as { id: string; number: string; title: string; callback_at: string; form_id: string }[];
  return rows
    .filter((row) => ['remind', 'overdue'].includes(callbackState(row.callback_at, null, forms.get(row.form_id)?.callbackReminderMinutes ?? 15, now)))
    .map((row) => ({ id: row.id, number: row.number, title: row.title, callbackAt: row.callback_at }));
}
