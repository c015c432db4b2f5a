import type { TicketSort } from '../../../src-shared/ipc/tickets.js';
import type { Db } from '../store/open-store.js';

// An in-memory, columnar index of the list columns of every ticket, kept in the four sort orders
// the UI offers. Filtering, counting and paging 100,000 tickets is a scan over typed arrays (a few
// ms, cache-friendly) instead of a query whose plan changes with each filter combination (SQLite had
// to sort tens of thousands of rows for "due first" and count the whole team for every page).
//
// SQLite stays the truth: writers only mark a ticket id stale (markTicketStale), and the index
// re-reads stale rows before the next query, so a rolled-back transaction can never leave the index
// ahead of the store.

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

/** What a list asks for, as plain data. */
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

const NONE = -1;
const SORTS: TicketSort[] = ['created_desc', 'updated_desc', 'due_asc', 'priority_desc'];
const time = (iso: string | null) => (iso ? Date.parse(iso) : NaN);

/** A growable list of slots in one sort order. */
class Order {
  slots = new Int32Array(1024);
  length = 0;
  insertAt(at: number, slot: number): void {
    if (this.length === this.slots.length) {
      const grown = new Int32Array(this.slots.length * 2);
      grown.set(this.slots);
      this.slots = grown;
    }
    this.slots.copyWithin(at + 1, at, this.length);
    this.slots[at] = slot;
    this.length++;
  }
  removeAt(at: number): void {
    this.slots.copyWithin(at, at + 1, this.length);
    this.length--;
  }
}

export class TicketListIndex {
  // Strings of categorical columns (teams, agents, statuses, types, priorities, codes) as small ids.
  private readonly wordIds = new Map<string, number>();
  private readonly words: string[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  private readonly stale = new Set<string>();
  private capacity = 0;
  private used = 0;
  private ids: string[] = [];
  private rowid = new Float64Array(0);
  private team = new Int32Array(0);
  private owner = new Int32Array(0);
  private assignee = new Int32Array(0);
  private status = new Int32Array(0);
  private type = new Int32Array(0);
  private priority = new Int32Array(0);
  private priorityRank = new Int8Array(0);
  private code = new Int32Array(0);
  private rejected = new Uint8Array(0);
  private slaDue = new Float64Array(0);
  private slaWarn = new Float64Array(0);
  private created = new Float64Array(0);
  private updated = new Float64Array(0);
  private readonly orders: Record<TicketSort, Order> = { created_desc: new Order(), updated_desc: new Order(), due_asc: new Order(), priority_desc: new Order() };
  private readonly compare: Record<TicketSort, (a: number, b: number) => number>;

  constructor(private readonly db: Db) {
    const byId = (a: number, b: number) => (this.ids[a]! < this.ids[b]! ? 1 : this.ids[a]! > this.ids[b]! ? -1 : 0);
    const newest = (a: number, b: number) => this.created[b]! - this.created[a]! || byId(a, b);
    this.compare = {
      created_desc: newest,
      updated_desc: (a, b) => this.updated[b]! - this.updated[a]! || byId(a, b),
      // No due time (not open) goes last.
      due_asc: (a, b) => {
        const aNone = Number.isNaN(this.slaDue[a]!) ? 1 : 0;
        const bNone = Number.isNaN(this.slaDue[b]!) ? 1 : 0;
        return aNone - bNone || (aNone ? 0 : this.slaDue[a]! - this.slaDue[b]!) || newest(a, b);
      },
      priority_desc: (a, b) => this.priorityRank[b]! - this.priorityRank[a]! || newest(a, b),
    };
    const rows = db.prepare(`SELECT ${COLUMNS} FROM tickets`).all() as Row[];
    this.grow(Math.max(1024, rows.length));
    const slots = rows.map((row) => this.store(row));
    for (const sort of SORTS) {
      const sorted = Int32Array.from(slots).sort(this.compare[sort]);
      const order = this.orders[sort];
      order.slots = new Int32Array(Math.max(1024, sorted.length * 2));
      order.slots.set(sorted);
      order.length = sorted.length;
    }
  }

  markStale(id: string): void {
    this.stale.add(id);
  }

  get size(): number {
    this.refresh();
    return this.slotOf.size;
  }

  /** Tickets in `sort` order that pass `filter`: how many in all, and the ids in [offset, offset + limit). */
  scan(sort: TicketSort, filter: ListFilter, offset: number, limit: number): { total: number; ids: string[] } {
    this.refresh();
    const word = (text: string) => this.wordIds.get(text) ?? -2;
    const mask = (values: ReadonlySet<string> | null) => {
      if (values === null) return null;
      const allowed = new Uint8Array(this.words.length + 1);
      for (const value of values) if (this.wordIds.has(value)) allowed[this.wordIds.get(value)!] = 1;
      return allowed;
    };
    const statusMask = mask(filter.statuses);
    const typeMask = mask(filter.types);
    const priorityMask = mask(filter.priorities);
    let codeMask: Uint8Array | null = null;
    if (filter.code !== null) {
      codeMask = new Uint8Array(this.words.length + 1);
      const prefix = `${filter.code}-`;
      this.words.forEach((text, id) => {
        if (text === filter.code || text.startsWith(prefix)) codeMask![id] = 1;
      });
    }
    const scope = filter.scope === 'team' ? 0 : filter.scope === 'mine' ? 1 : 2;
    const me = word(filter.me);
    const team = word(filter.team);
    const closed = word('closed');
    const draft = word('draft');
    const { now, sla, rejectedOnly, rowids } = filter;

    const ids: string[] = [];
    let total = 0;
    const order = this.orders[sort];
    const slots = order.slots;
    for (let i = 0; i < order.length; i++) {
      const slot = slots[i]!;
      if (scope === 0) {
        // The team sees what its members took first, wherever it is handled now.
        if (this.team[slot] !== team) continue;
      } else if (scope === 1) {
        if (this.owner[slot] !== me && this.assignee[slot] !== me) continue;
      } else {
        // 首问负责: what I took first and must follow until it is closed, whoever handles it now.
        const status = this.status[slot];
        if (this.owner[slot] !== me || status === closed || status === draft) continue;
      }
      if (statusMask !== null && statusMask[this.status[slot]!] !== 1) continue;
      if (typeMask !== null && typeMask[this.type[slot]!] !== 1) continue;
      if (priorityMask !== null && priorityMask[this.priority[slot]!] !== 1) continue;
      if (sla === 'breached' && !(this.slaDue[slot]! <= now)) continue;
      if (sla === 'dueSoon' && !(this.slaDue[slot]! > now && this.slaWarn[slot]! <= now)) continue;
      if (codeMask !== null && (this.code[slot] === NONE || codeMask[this.code[slot]!] !== 1)) continue;
      if (rejectedOnly && this.rejected[slot] !== 1) continue;
      if (rowids !== null && !rowids.has(this.rowid[slot]!)) continue;
      if (total >= offset && ids.length < limit) ids.push(this.ids[slot]!);
      total++;
    }
    return { total, ids };
  }

  private refresh(): void {
    if (this.stale.size === 0) return;
    const read = this.db.prepare(`SELECT ${COLUMNS} FROM tickets WHERE id = ?`);
    for (const id of this.stale) {
      const slot = this.slotOf.get(id);
      if (slot !== undefined) this.remove(slot);
      const row = read.get(id) as Row | undefined;
      if (row) {
        const added = this.store(row);
        for (const sort of SORTS) this.orders[sort].insertAt(this.lowerBound(sort, added), added);
      }
    }
    this.stale.clear();
  }

  private remove(slot: number): void {
    for (const sort of SORTS) {
      const order = this.orders[sort];
      let at = this.lowerBound(sort, slot);
      while (at < order.length && order.slots[at] !== slot) at++;
      if (at < order.length) order.removeAt(at);
    }
    this.slotOf.delete(this.ids[slot]!);
    this.freeSlots.push(slot);
  }

  private lowerBound(sort: TicketSort, slot: number): number {
    const order = this.orders[sort];
    const compare = this.compare[sort];
    let low = 0;
    let high = order.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compare(order.slots[mid]!, slot) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private store(row: Row): number {
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      if (this.used === this.capacity) this.grow(this.capacity * 2);
      slot = this.used++;
    }
    this.slotOf.set(row.id, slot);
    this.ids[slot] = row.id;
    this.rowid[slot] = row.rowid;
    this.team[slot] = this.wordOf(row.team);
    this.owner[slot] = this.wordOf(row.owner_id);
    this.assignee[slot] = row.assignee_id === null ? NONE : this.wordOf(row.assignee_id);
    this.status[slot] = this.wordOf(row.status);
    this.type[slot] = this.wordOf(row.type);
    this.priority[slot] = this.wordOf(row.priority);
    this.priorityRank[slot] = row.priority_rank;
    this.code[slot] = row.complaint_code === null ? NONE : this.wordOf(row.complaint_code);
    this.rejected[slot] = row.rejected;
    this.slaDue[slot] = time(row.sla_due_at);
    this.slaWarn[slot] = time(row.sla_warn_at);
    this.created[slot] = time(row.created_at);
    this.updated[slot] = time(row.updated_at);
    return slot;
  }

  private wordOf(text: string): number {
    let id = this.wordIds.get(text);
    if (id === undefined) {
      id = this.words.length;
      this.words.push(text);
      this.wordIds.set(text, id);
    }
    return id;
  }

  private grow(capacity: number): void {
    const copy = <T extends Float64Array | Int32Array | Int8Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.rowid = copy(this.rowid, (n) => new Float64Array(n));
    this.team = copy(this.team, (n) => new Int32Array(n));
    this.owner = copy(this.owner, (n) => new Int32Array(n));
    this.assignee = copy(this.assignee, (n) => new Int32Array(n));
    this.status = copy(this.status, (n) => new Int32Array(n));
    this.type = copy(this.type, (n) => new Int32Array(n));
    this.priority = copy(this.priority, (n) => new Int32Array(n));
    this.priorityRank = copy(this.priorityRank, (n) => new Int8Array(n));
    this.code = copy(this.code, (n) => new Int32Array(n));
    this.rejected = copy(this.rejected, (n) => new Uint8Array(n));
    this.slaDue = copy(this.slaDue, (n) => new Float64Array(n));
    this.slaWarn = copy(this.slaWarn, (n) => new Float64Array(n));
    this.created = copy(this.created, (n) => new Float64Array(n));
    this.updated = copy(this.updated, (n) => new Float64Array(n));
    this.capacity = capacity;
  }
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
