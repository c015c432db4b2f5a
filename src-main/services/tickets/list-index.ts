import type { TicketSort } from '../../../src-shared/ipc/tickets.js';
import type { Db } from '../store/open-store.js';

// An in-memory index of the list columns of every ticket, kept in the four sort orders the UI
// offers. Filtering, counting and paging 100,000 tickets is then a scan of plain objects (a few ms)
// instead of a query whose plan changes with every filter combination (SQLite had to sort tens of
// thousands of rows for "due first" or count the whole team for each page).
//
// SQLite stays the truth: writers only mark a ticket id stale (markStale), and the index re-reads
// stale rows from the database before the next query, so a rolled-back transaction can never leave
// the index ahead of the store.

export interface IndexedTicket {
  rowid: number;
  id: string;
  team: string;
  ownerId: string;
  assigneeId: string | null;
  status: string;
  type: string;
  priority: string;
  priorityRank: number;
  complaintCode: string | null;
  rejected: boolean;
  /** Epoch ms; NaN when absent. */
  slaDue: number;
  slaWarn: number;
  created: number;
  updated: number;
}

type Compare = (a: IndexedTicket, b: IndexedTicket) => number;
const byId = (a: IndexedTicket, b: IndexedTicket) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
const newest = (a: IndexedTicket, b: IndexedTicket) => b.created - a.created || byId(a, b);

const COMPARE: Record<TicketSort, Compare> = {
  created_desc: newest,
  updated_desc: (a, b) => b.updated - a.updated || byId(a, b),
  // No due time (not open) goes last.
  due_asc: (a, b) => (Number.isNaN(a.slaDue) ? 1 : 0) - (Number.isNaN(b.slaDue) ? 1 : 0) || (a.slaDue - b.slaDue || 0) || newest(a, b),
  priority_desc: (a, b) => b.priorityRank - a.priorityRank || newest(a, b),
};
const SORTS = Object.keys(COMPARE) as TicketSort[];

const COLUMNS = `rowid, id, team, owner_id, assignee_id, status, type, priority, priority_rank, complaint_code,
  rejected_reason IS NOT NULL AS rejected, sla_due_at, sla_warn_at, created_at, updated_at`;

interface Row {
  rowid: number;
  id: string;
  team: string;
  owner_id: string;
  assignee_id: string | null;
  status: string;
  type: string;
  priority: string;
  priority_rank: number;
  complaint_code: string | null;
  rejected: number;
  sla_due_at: string | null;
  sla_warn_at: string | null;
  created_at: string;
  updated_at: string;
}

const time = (iso: string | null) => (iso ? Date.parse(iso) : NaN);
const toIndexed = (row: Row): IndexedTicket => ({
  rowid: row.rowid,
  id: row.id,
  team: row.team,
  ownerId: row.owner_id,
  assigneeId: row.assignee_id,
  status: row.status,
  type: row.type,
  priority: row.priority,
  priorityRank: row.priority_rank,
  complaintCode: row.complaint_code,
  rejected: row.rejected === 1,
  slaDue: time(row.sla_due_at),
  slaWarn: time(row.sla_warn_at),
  created: time(row.created_at),
  updated: time(row.updated_at),
});

export class TicketListIndex {
  private readonly byId = new Map<string, IndexedTicket>();
  private readonly orders: Record<TicketSort, IndexedTicket[]>;
  private readonly stale = new Set<string>();

  constructor(private readonly db: Db) {
    const rows = (db.prepare(`SELECT ${COLUMNS} FROM tickets`).all() as Row[]).map(toIndexed);
    for (const ticket of rows) this.byId.set(ticket.id, ticket);
    this.orders = Object.fromEntries(SORTS.map((sort) => [sort, [...rows].sort(COMPARE[sort])])) as Record<TicketSort, IndexedTicket[]>;
  }

  markStale(id: string): void {
    this.stale.add(id);
  }

  /** Tickets in `sort` order that pass `filter`: how many in all, and those in [offset, offset + limit). */
  scan(sort: TicketSort, filter: ListFilter, offset: number, limit: number): { total: number; ids: string[] } {
    this.refresh();
    const ids: string[] = [];
    let total = 0;
    const order = this.orders[sort];
    for (let i = 0; i < order.length; i++) {
      const ticket = order[i]!;
      if (!matches(ticket, filter)) continue;
      if (total >= offset && ids.length < limit) ids.push(ticket.id);
      total++;
    }
    return { total, ids };
  }

  get size(): number {
    this.refresh();
    return this.byId.size;
  }

  private refresh(): void {
    if (this.stale.size === 0) return;
    const read = this.db.prepare(`SELECT ${COLUMNS} FROM tickets WHERE id = ?`);
    for (const id of this.stale) {
      const old = this.byId.get(id);
      if (old) this.remove(old);
      const row = read.get(id) as Row | undefined;
      if (row) this.insert(toIndexed(row));
    }
    this.stale.clear();
  }

  private remove(ticket: IndexedTicket): void {
    this.byId.delete(ticket.id);
    for (const sort of SORTS) {
      const order = this.orders[sort];
      let at = lowerBound(order, ticket, COMPARE[sort]);
      while (at < order.length && order[at] !== ticket) at++;
      if (at < order.length) order.splice(at, 1);
    }
  }

  private insert(ticket: IndexedTicket): void {
    this.byId.set(ticket.id, ticket);
    for (const sort of SORTS) this.orders[sort].splice(lowerBound(this.orders[sort], ticket, COMPARE[sort]), 0, ticket);
  }
}

/** What a list asks for, as plain data: one monomorphic test per ticket keeps a 100,000-row scan at a few ms. */
export interface ListFilter {
  scope: 'mine' | 'team' | 'followups';
  me: string;
  team: string;
  statuses: ReadonlySet<string> | null;
  types: ReadonlySet<string> | null;
  priorities: ReadonlySet<string> | null;
  sla: 'dueSoon' | 'breached' | null;
  now: number;
  /** A complaint code or a parent prefix (NQ-MOB matches NQ-MOB-WEAK). */
  code: string | null;
  rejectedOnly: boolean;
  /** Row ids found by full-text search, or null when not searching. */
  rowids: ReadonlySet<number> | null;
}

export function matches(ticket: IndexedTicket, filter: ListFilter): boolean {
  if (filter.scope === 'team') {
    // The team sees what its members took first, wherever it is handled now.
    if (ticket.team !== filter.team) return false;
  } else if (filter.scope === 'mine') {
    if (ticket.ownerId !== filter.me && ticket.assigneeId !== filter.me) return false;
  } else if (ticket.ownerId !== filter.me || ticket.status === 'closed' || ticket.status === 'draft') {
    // 首问负责: what I took first and must follow until it is closed, whoever handles it now.
    return false;
  }
  if (filter.statuses !== null && !filter.statuses.has(ticket.status)) return false;
  if (filter.types !== null && !filter.types.has(ticket.type)) return false;
  if (filter.priorities !== null && !filter.priorities.has(ticket.priority)) return false;
  if (filter.sla === 'breached' && !(ticket.slaDue <= filter.now)) return false;
  if (filter.sla === 'dueSoon' && !(ticket.slaDue > filter.now && ticket.slaWarn <= filter.now)) return false;
  if (filter.code !== null) {
    const code = ticket.complaintCode;
    if (code === null || (code !== filter.code && !(code.startsWith(filter.code) && code.charCodeAt(filter.code.length) === 45))) return false;
  }
  if (filter.rejectedOnly && !ticket.rejected) return false;
  if (filter.rowids !== null && !filter.rowids.has(ticket.rowid)) return false;
  return true;
}

function lowerBound(order: IndexedTicket[], ticket: IndexedTicket, compare: Compare): number {
  let low = 0;
  let high = order.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compare(order[mid]!, ticket) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

const indexes = new WeakMap<Db, TicketListIndex>();

/** The index of this store, built on first use (one read of the narrow `tickets` table). */
export function listIndexOf(db: Db): TicketListIndex {
  let index = indexes.get(db);
  if (!index) {
    index = new TicketListIndex(db);
    indexes.set(db, index);
  }
  return index;
}

/** Every writer of the `tickets` table calls this for the ticket it changed (inside or after its transaction). */
export function markTicketStale(db: Db, id: string): void {
  indexes.get(db)?.markStale(id);
}
