import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { Collection, Mutation, MutationOp as MutationOpSchema, type Mutation as WireMutation } from '../../../src-shared/sync/protocol.js';
import type { Db } from '../store/open-store.js';
import { cachedStatement } from '../../../src-node/sqlite/prepared.js';
import { parseRow, parseRows } from '../../../src-node/sqlite/rows.js';

// The only module that reads or writes the `outbox` table: features enqueue through it, the sync
// engine reads, settles and upgrades through it, and "is this entity still pending?" is asked here.

export type MutationOp = z.infer<typeof MutationOpSchema>;

export interface MutationInput {
  collection: Collection;
  entityId: string;
  op: MutationOp;
  /** The fields this write changed (update), the whole entity (create), list items to add (append), {} (delete). */
  patch: Record<string, unknown>;
  /** The server revision the agent's edit was based on; null for a create. */
  baseRev: number | null;
}

/**
 * Version of the outbox payload format. Raise it when the payload changes and add an upgrade
 * from the previous version to OUTBOX_UPGRADES: entries written by an older build are migrated
 * forward before they are pushed (see upgradeOutbox).
 */
export const OUTBOX_SCHEMA_VERSION = 2;

/** version N → version N+1, for payloads as stored (parsed JSON). */
export type OutboxUpgrade = (payload: unknown, entry: { collection: string; op: string }) => unknown;
export const OUTBOX_UPGRADES: Record<number, OutboxUpgrade> = {
  // 1 → 2: a ticket event was queued as `append {event}`; appends carry lists (`append {events:[…]}`).
  1: (payload, entry) => {
    const { baseRev, patch } = payload as { baseRev: number | null; patch: Record<string, unknown> };
    if (entry.collection !== 'tickets' || entry.op !== 'append' || !('event' in patch)) return payload;
    const { event, ...rest } = patch;
    return { baseRev, patch: { ...rest, events: [event] } };
  },
};

export const OutboxPayload = z.object({ baseRev: z.number().int().nonnegative().nullable(), patch: z.record(z.string(), z.unknown()) });

const localWriteListeners = new WeakMap<Db, Set<() => void>>();

/** The sync engine listens here to wake (debounced) after an agent's write. */
export function onLocalWrite(db: Db, listener: () => void): () => void {
  const listeners = localWriteListeners.get(db) ?? new Set();
  localWriteListeners.set(db, listeners);
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The one write path for agent data: call it inside the same SQLite transaction that changes the
 * local row, so the change and its outbox entry commit together or not at all. Returns the
 * mutationId (UUIDv7), the idempotency key the server uses to never apply a push twice.
 */
export function enqueueMutation(db: Db, input: MutationInput, now = new Date()): string {
  if (!db.inTransaction) throw new Error('enqueueMutation must run inside the transaction that writes the row');
  const mutationId = uuidv7();
  db.prepare(
    `INSERT INTO outbox (mutation_id, collection, entity_id, op, payload, schema_version, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(mutationId, input.collection, input.entityId, input.op, JSON.stringify({ baseRev: input.baseRev, patch: input.patch }), OUTBOX_SCHEMA_VERSION, now.toISOString());
  // Listeners only schedule work (debounced); by the time it runs this transaction has committed or rolled back.
  for (const listener of localWriteListeners.get(db) ?? []) listener();
  return mutationId;
}

/** An entry as stored: its payload stays text until toWireMutation checks it (a bad one is dead-lettered, not thrown). */
const OutboxEntry = z.object({
  seq: z.number().int(),
  mutationId: z.string(),
  collection: z.string(),
  entityId: z.string(),
  op: z.string(),
  payload: z.string(),
  schemaVersion: z.number().int(),
  createdAt: z.string(),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

const ENTRY_COLUMNS = `seq, mutation_id AS mutationId, collection, entity_id AS entityId, op, payload, schema_version AS schemaVersion, created_at AS createdAt`;

/** The oldest pending entries, in the order the agent made them. */
export function readOutbox(db: Db, limit: number): OutboxEntry[] {
  return parseRows(OutboxEntry, db.prepare(`SELECT ${ENTRY_COLUMNS} FROM outbox ORDER BY seq LIMIT ?`).all(limit), 'outbox');
}

/** The server settled the entry (applied, duplicate), or it moved to the dead-letter or conflict list. */
export function removeFromOutbox(db: Db, mutationId: string): void {
  cachedStatement(db, 'DELETE FROM outbox WHERE mutation_id = ?').run(mutationId);
}

/** Whether an agent write to the entity still waits for the server (its local row is newer than any pull). */
export function hasPendingWrite(db: Db, collection: string, entityId: string): boolean {
  return cachedStatement(db, 'SELECT EXISTS (SELECT 1 FROM outbox WHERE collection = ? AND entity_id = ?)').pluck().get(collection, entityId) === 1;
}

/** Every entity with a pending write, as `collection/id`. */
export function pendingEntityKeys(db: Db): Set<string> {
  return new Set(parseRow(z.array(z.string()), db.prepare(`SELECT DISTINCT collection || '/' || entity_id FROM outbox`).pluck().all(), 'outbox'));
}

const Backlog = z.object({ pending: z.number().int().nonnegative(), oldestPendingAt: z.string().nullable() });

/** How many writes wait for the server, and since when. */
export function outboxBacklog(db: Db): z.infer<typeof Backlog> {
  return parseRow(Backlog, cachedStatement(db, 'SELECT COUNT(*) AS pending, MIN(created_at) AS oldestPendingAt FROM outbox').get(), 'outbox');
}

/** The wire form of an entry, or why it cannot be sent (then it belongs in the dead-letter list). */
export function toWireMutation(entry: OutboxEntry): { ok: true; mutation: WireMutation } | { ok: false; reason: string } {
  if (entry.schemaVersion !== OUTBOX_SCHEMA_VERSION) return { ok: false, reason: `outbox entry has schema version ${entry.schemaVersion}, this build writes ${OUTBOX_SCHEMA_VERSION}` };
  let payload: unknown;
  try {
    payload = JSON.parse(entry.payload);
  } catch {
    return { ok: false, reason: 'outbox payload is not JSON' };
  }
  const parsedPayload = OutboxPayload.safeParse(payload);
  if (!parsedPayload.success) return { ok: false, reason: `outbox payload: ${parsedPayload.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}` };
  const parsed = Mutation.safeParse({
    mutationId: entry.mutationId,
    collection: entry.collection,
    id: entry.entityId,
    op: entry.op,
    baseRev: parsedPayload.data.baseRev,
    patch: parsedPayload.data.patch,
  });
  if (!parsed.success) return { ok: false, reason: `mutation: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}` };
  return { ok: true, mutation: parsed.data };
}

/**
 * Brings entries written by an older build to the current payload version, in one transaction.
 * An entry that cannot be upgraded (no upgrade step, or the step fails, or it was written by a
 * newer build) goes to the dead-letter list with the reason — it is never dropped.
 */
export function upgradeOutbox(
  db: Db,
  deadLetter: (entry: OutboxEntry, code: string, reason: string) => void,
  upgrades: Record<number, OutboxUpgrade> = OUTBOX_UPGRADES,
  current = OUTBOX_SCHEMA_VERSION,
): number {
  const stale = parseRows(OutboxEntry, db.prepare(`SELECT ${ENTRY_COLUMNS} FROM outbox WHERE schema_version <> ? ORDER BY seq`).all(current), 'outbox');
  if (stale.length === 0) return 0;
  const save = db.prepare('UPDATE outbox SET payload = ?, schema_version = ? WHERE seq = ?');
  let upgraded = 0;
  db.transaction(() => {
    for (const entry of stale) {
      if (entry.schemaVersion > current) {
        deadLetter(entry, 'OUTBOX_SCHEMA', `written by a newer build (schema ${entry.schemaVersion} > ${current})`);
        continue;
      }
      try {
        let payload: unknown = JSON.parse(entry.payload);
        for (let version = entry.schemaVersion; version < current; version++) {
          const step = upgrades[version];
          if (!step) throw new Error(`no upgrade from outbox schema ${version}`);
          payload = step(payload, entry);
        }
        save.run(JSON.stringify(payload), current, entry.seq);
        upgraded++;
      } catch (error) {
        deadLetter(entry, 'OUTBOX_SCHEMA', (error as Error).message);
      }
    }
  }).immediate();
  return upgraded;
}

export const newClientId = () => `ws-${uuidv7()}`;
