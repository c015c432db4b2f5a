import { profileDbPath } from '../../src-main/services/session/profile.js';
import { openSqliteFile } from '../support/db-snapshot.js';
import type { Db } from '../../src-main/services/store/open-store.js';

// What a fault-harness workstation expects the server to end up with. The workstation records it
// in its own profile store, in the same transaction as each write (so a kill -9 can never separate
// a write from its expectation); the series reads it back after the run and compares.
//
// The expectation is folded from the very mutations the ticket service queued (create → the
// document, update → its fields merged in, append → each event once), not copied from the local
// row: a sync bug that overwrote the row could otherwise hide in both.

export const LEDGER_SQL = `
CREATE TABLE IF NOT EXISTS fault_expected (ticket_id TEXT PRIMARY KEY, doc TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS fault_events (event_id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL) STRICT;`;

/** The newest outbox entry before a write; everything after it was queued by that write. */
export const lastOutboxSeq = (db: Db): number => db.prepare('SELECT COALESCE(MAX(seq), 0) FROM outbox').pluck().get() as number;

/** Records what the ticket mutations queued after `sinceSeq` must make of the server. Runs inside the write's transaction. */
export function recordExpectations(db: Db, sinceSeq: number): void {
  const queued = db.prepare(`SELECT entity_id AS id, op, payload FROM outbox WHERE seq > ? AND collection = 'tickets' ORDER BY seq`).all(sinceSeq) as { id: string; op: string; payload: string }[];
  for (const { id, op, payload } of queued) {
    const { patch } = JSON.parse(payload) as { patch: Record<string, unknown> };
    if (op === 'append') {
      for (const event of patch.events as { id: string }[]) db.prepare('INSERT OR IGNORE INTO fault_events (event_id, ticket_id) VALUES (?, ?)').run(event.id, id);
      continue;
    }
    const before = db.prepare('SELECT doc FROM fault_expected WHERE ticket_id = ?').pluck().get(id) as string | undefined;
    if (op === 'update' && before === undefined) throw new Error(`fault ledger: update of ${id}, which this workstation did not create`);
    const doc = op === 'create' ? patch : foldPaths(JSON.parse(before!) as Record<string, unknown>, patch);
    db.prepare('INSERT INTO fault_expected (ticket_id, doc) VALUES (?, ?) ON CONFLICT(ticket_id) DO UPDATE SET doc = excluded.doc').run(id, JSON.stringify(doc));
  }
}

/** An update patch keyed by field path (`status`, `fields.description`), folded the plain way. */
function foldPaths(doc: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const next = structuredClone(doc);
  for (const [path, value] of Object.entries(patch)) {
    const [head, field] = path.split('.');
    if (field === undefined) next[head!] = value;
    else next[head!] = { ...(next[head!] as Record<string, unknown>), [field]: value };
  }
  return next;
}

export interface LocalTicket {
  doc: Record<string, unknown>;
  eventIds: string[];
}

/** One workstation after its run: what it expects, what it holds, and what it could not deliver. */
export interface WorkstationLedger {
  expected: Map<string, Record<string, unknown>>;
  /** Every event this workstation wrote, by ticket (its own tickets and colleagues'). */
  eventsByTicket: Map<string, string[]>;
  local: Map<string, LocalTicket>;
  pending: number;
  deadLetters: { entity_id: string; op: string; code: string; reason: string }[];
  conflicts: number;
}

export function readLedger(profileDir: string, agentId: string): WorkstationLedger {
  const db = openSqliteFile(profileDbPath(profileDir, agentId), { readonly: true });
  try {
    const eventsByTicket = new Map<string, string[]>();
    for (const row of db.prepare('SELECT event_id, ticket_id FROM fault_events ORDER BY event_id').all() as { event_id: string; ticket_id: string }[]) {
      eventsByTicket.set(row.ticket_id, [...(eventsByTicket.get(row.ticket_id) ?? []), row.event_id]);
    }
    const localEvents = db.prepare('SELECT id FROM ticket_events WHERE ticket_id = ?').pluck();
    const local = new Map(
      (db.prepare('SELECT id, doc FROM ticket_docs').all() as { id: string; doc: string }[]).map((row) => [
        row.id,
        { doc: JSON.parse(row.doc) as Record<string, unknown>, eventIds: localEvents.all(row.id) as string[] },
      ]),
    );
    return {
      expected: new Map((db.prepare('SELECT ticket_id, doc FROM fault_expected').all() as { ticket_id: string; doc: string }[]).map((row) => [row.ticket_id, JSON.parse(row.doc)])),
      eventsByTicket,
      local,
      pending: db.prepare('SELECT COUNT(*) FROM outbox').pluck().get() as number,
      deadLetters: db.prepare('SELECT entity_id, op, code, reason FROM sync_dead_letters').all() as WorkstationLedger['deadLetters'],
      conflicts: db.prepare('SELECT COUNT(*) FROM sync_conflicts').pluck().get() as number,
    };
  } finally {
    db.close();
  }
}
