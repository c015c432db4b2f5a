import { v7 as uuidv7 } from 'uuid';
import type { Collection } from '../../../src-shared/sync/protocol.js';
import type { Db } from '../store/open-store.js';

export type MutationOp = 'create' | 'update' | 'delete' | 'append';

export interface MutationInput {
  collection: Collection;
  entityId: string;
  op: MutationOp;
  /** The fields this write changed (update), the whole entity (create) or the appended item (append). */
  patch: unknown;
  /** The server revision the agent's edit was based on; null for a create. */
  baseRev: number | null;
}

export const OUTBOX_SCHEMA_VERSION = 1;

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
  return mutationId;
}
