import type { ConflictView, DeadLetterView } from '../../../src-shared/ipc/sync.js';
import type { PushResult } from '../../../src-shared/sync/protocol.js';
import type { Db } from '../store/open-store.js';
import type { OutboxEntry } from './outbox.js';

// The two lists a sync problem can land in, both visible to the agent: dead letters (the server
// refused the write) and conflicts (someone else changed the same fields). Entries move here from
// the outbox in the same transaction that removes them there.

export function moveToDeadLetters(db: Db, entry: OutboxEntry, code: string, reason: string, now: string): void {
  db.prepare(
    `INSERT OR REPLACE INTO sync_dead_letters (mutation_id, collection, entity_id, op, payload, schema_version, created_at, code, reason, rejected_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(entry.mutationId, entry.collection, entry.entityId, entry.op, entry.payload, entry.schemaVersion, entry.createdAt, code, reason.slice(0, 2000), now);
  db.prepare('DELETE FROM outbox WHERE mutation_id = ?').run(entry.mutationId);
}

/**
 * A feature resubmitted a fixed version of an entity: its refused writes are settled. They leave the
 * list (so nobody sends the refused version again) and the audit log keeps what they were.
 */
export function supersedeDeadLetters(db: Db, collection: string, entityId: string, actor: string, now: Date): number {
  const letters = db.prepare('SELECT mutation_id, op, code, reason FROM sync_dead_letters WHERE collection = ? AND entity_id = ?').all(collection, entityId) as {
    mutation_id: string;
    op: string;
    code: string;
    reason: string;
  }[];
  const audit = db.prepare('INSERT INTO audit_log (at, actor, action, target, reason) VALUES (?, ?, ?, ?, ?)');
  for (const letter of letters) {
    audit.run(now.toISOString(), actor, 'sync.superseded', `${collection}/${entityId}`, JSON.stringify({ code: letter.code, reason: letter.reason, op: letter.op }).slice(0, 4000));
    db.prepare('DELETE FROM sync_dead_letters WHERE mutation_id = ?').run(letter.mutation_id);
  }
  return letters.length;
}

export function moveToConflicts(db: Db, entry: OutboxEntry, patch: Record<string, unknown>, result: PushResult, now: string): void {
  db.prepare(
    `INSERT OR REPLACE INTO sync_conflicts (mutation_id, collection, entity_id, op, local_patch, server_value, server_rev, fields, created_at, detected_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    entry.mutationId,
    entry.collection,
    entry.entityId,
    entry.op,
    JSON.stringify(patch),
    result.serverValue === undefined ? null : JSON.stringify(result.serverValue),
    result.rev ?? 0,
    JSON.stringify(result.conflictFields ?? []),
    entry.createdAt,
    now,
  );
  db.prepare('DELETE FROM outbox WHERE mutation_id = ?').run(entry.mutationId);
}

interface DeadLetterRow {
  mutation_id: string;
  collection: string;
  entity_id: string;
  op: string;
  payload: string;
  schema_version: number;
  created_at: string;
  code: string;
  reason: string;
  rejected_at: string;
}

export function listDeadLetters(db: Db): DeadLetterView[] {
  return (db.prepare('SELECT * FROM sync_dead_letters ORDER BY rejected_at, created_at').all() as DeadLetterRow[]).map((row) => {
    let payload: { baseRev?: number | null; patch?: unknown } = {};
    try {
      payload = JSON.parse(row.payload);
    } catch {
      // shown as-is below; the reason already says the payload was unreadable
    }
    return {
      mutationId: row.mutation_id,
      collection: row.collection,
      entityId: row.entity_id,
      op: row.op,
      baseRev: payload.baseRev ?? null,
      patch: isRecord(payload.patch) ? payload.patch : { raw: row.payload },
      code: row.code,
      reason: row.reason,
      createdAt: row.created_at,
      rejectedAt: row.rejected_at,
    };
  });
}

export function findDeadLetter(db: Db, mutationId: string): DeadLetterView | undefined {
  return listDeadLetters(db).find((letter) => letter.mutationId === mutationId);
}

export function deleteDeadLetter(db: Db, mutationId: string): void {
  db.prepare('DELETE FROM sync_dead_letters WHERE mutation_id = ?').run(mutationId);
}

interface ConflictRow {
  mutation_id: string;
  collection: string;
  entity_id: string;
  op: string;
  local_patch: string;
  server_value: string | null;
  server_rev: number;
  fields: string;
  created_at: string;
  detected_at: string;
}

export function listConflicts(db: Db): ConflictView[] {
  return (db.prepare('SELECT * FROM sync_conflicts ORDER BY detected_at').all() as ConflictRow[]).map((row) => {
    const mine = JSON.parse(row.local_patch) as Record<string, unknown>;
    const theirs = (row.server_value === null ? {} : JSON.parse(row.server_value)) as Record<string, unknown> | null;
    const contested = JSON.parse(row.fields) as string[];
    return {
      mutationId: row.mutation_id,
      collection: row.collection,
      entityId: row.entity_id,
      op: row.op,
      serverRev: row.server_rev,
      fields: contested.map((field) => ({ field, mine: mine[field] ?? null, theirs: theirs?.[field] ?? null })),
      uncontested: Object.fromEntries(Object.entries(mine).filter(([field]) => !contested.includes(field))),
      serverValue: theirs,
      createdAt: row.created_at,
      detectedAt: row.detected_at,
    };
  });
}

export function deleteConflict(db: Db, mutationId: string): void {
  db.prepare('DELETE FROM sync_conflicts WHERE mutation_id = ?').run(mutationId);
}

export function countIssues(db: Db): { deadLetters: number; conflicts: number } {
  return {
    deadLetters: db.prepare('SELECT COUNT(*) FROM sync_dead_letters').pluck().get() as number,
    conflicts: db.prepare('SELECT COUNT(*) FROM sync_conflicts').pluck().get() as number,
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
