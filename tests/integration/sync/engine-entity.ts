import type { Statement } from 'better-sqlite3';
import type { Change } from '../../../src-shared/sync/protocol.js';
import type { Db } from '../../../src-main/services/store/open-store.js';
import { enqueueMutation } from '../../../src-main/services/sync/outbox.js';

// A small generic entity for the sync-engine test, which exercises the engine's merge rules
// (field-level conflicts on arbitrary fields, dead letters, resubmits, outbox upgrades) against an
// in-process central API with its own injected validators. It lives in collection `tickets` only
// because that is a collection agents may push to; its table is its own. Real tickets, written by
// the ticket service and checked with the published forms, are what the fault harness
// (tests/faults) and the tickets tests write.

export const PRACTICE_TABLE_SQL = `
CREATE TABLE IF NOT EXISTS practice_tickets (
  id   TEXT PRIMARY KEY,
  rev  INTEGER NOT NULL DEFAULT 0,
  data TEXT NOT NULL
) STRICT;`;

export interface TicketWriter {
  create(id: string, fields: Record<string, unknown>): void;
  update(id: string, fields: Record<string, unknown>): void;
  /** Adds a note; notes are append-only and never conflict. */
  appendNote(id: string, note: Record<string, unknown>): void;
}

export function practiceTicketWriter(db: Db): TicketWriter {
  db.exec(PRACTICE_TABLE_SQL);
  const read = (id: string) => {
    const row = db.prepare('SELECT rev, data FROM practice_tickets WHERE id = ?').get(id) as { rev: number; data: string } | undefined;
    if (!row) throw new Error(`no practice ticket ${id}`);
    return { rev: row.rev, data: JSON.parse(row.data) as Record<string, unknown> };
  };
  const save = db.prepare('INSERT INTO practice_tickets (id, rev, data) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data');
  return {
    create: (id, fields) =>
      db.transaction(() => {
        const data = { notes: [], ...fields };
        save.run(id, 0, JSON.stringify(data));
        enqueueMutation(db, { collection: 'tickets', entityId: id, op: 'create', patch: data, baseRev: null });
      }).immediate(),
    update: (id, fields) =>
      db.transaction(() => {
        const current = read(id);
        save.run(id, current.rev, JSON.stringify({ ...current.data, ...fields }));
        enqueueMutation(db, { collection: 'tickets', entityId: id, op: 'update', patch: fields, baseRev: current.rev });
      }).immediate(),
    appendNote: (id, note) =>
      db.transaction(() => {
        const current = read(id);
        const notes = [...((current.data.notes as unknown[]) ?? []), note];
        save.run(id, current.rev, JSON.stringify({ ...current.data, notes }));
        enqueueMutation(db, { collection: 'tickets', entityId: id, op: 'append', patch: { notes: [note] }, baseRev: current.rev });
      }).immediate(),
  };
}

const upserts = new WeakMap<Db, Statement<[string, number, string]>>();

/** The pull applier for the practice table: the server's copy replaces the local row. */
export function applyPracticeTicket(db: Db, change: Change): void {
  if (change.deleted) {
    db.prepare('DELETE FROM practice_tickets WHERE id = ?').run(change.id);
    return;
  }
  let upsert = upserts.get(db);
  if (!upsert) {
    upsert = db.prepare<[string, number, string]>('INSERT INTO practice_tickets (id, rev, data) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET rev = excluded.rev, data = excluded.data');
    upserts.set(db, upsert);
  }
  upsert.run(change.id, change.rev, JSON.stringify(change.data));
}

export function readLocalTickets(db: Db): Map<string, Record<string, unknown>> {
  db.exec(PRACTICE_TABLE_SQL);
  const rows = db.prepare('SELECT id, data FROM practice_tickets ORDER BY id').all() as { id: string; data: string }[];
  return new Map(rows.map((row) => [row.id, JSON.parse(row.data) as Record<string, unknown>]));
}
