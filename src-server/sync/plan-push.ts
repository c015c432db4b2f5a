import type { Mutation, PushResult } from '../../src-shared/sync/protocol.js';
import type { MutationDecider, RevealRecord, StoredDocument } from '../storage/storage.js';

export const documentKey = (collection: string, id: string) => `${collection}\u0000${id}`;

export interface PushPlan {
  results: PushResult[];
  /** The final state of every document the push changed, in first-touched order. */
  writes: StoredDocument[];
  /** Mutations to record as applied, with the rev they produced. */
  applied: { mutationId: string; collection: string; id: string; rev: number }[];
  /** Reveal audit records the applied mutations carry, written in the same transaction. */
  reveals: RevealRecord[];
}

/**
 * Plans a whole push in memory, given what the database already holds, so a storage can read
 * everything it needs in a few queries and write the outcome in a few more — all inside its
 * write transaction. Mutations apply in order; a later mutation sees the earlier ones' effect.
 */
export function planPush(
  mutations: Mutation[],
  alreadyApplied: Map<string, number>,
  current: Map<string, StoredDocument>,
  decide: MutationDecider,
): PushPlan {
  const documents = new Map(current);
  const written = new Map<string, StoredDocument>();
  const seen = new Map(alreadyApplied);
  const results: PushResult[] = [];
  const applied: PushPlan['applied'] = [];
  const reveals: RevealRecord[] = [];
  for (const mutation of mutations) {
    const recordedRev = seen.get(mutation.mutationId);
    if (recordedRev !== undefined) {
      results.push({ mutationId: mutation.mutationId, status: 'duplicate', rev: recordedRev });
      continue;
    }
    const key = documentKey(mutation.collection, mutation.id);
    const decision = decide(documents.get(key), mutation);
    if (decision.status !== 'applied') {
      results.push(decision.result);
      continue;
    }
    if (decision.write) {
      const next: StoredDocument = { collection: mutation.collection, id: mutation.id, ...decision.write };
      documents.set(key, next);
      written.delete(key); // re-insert so the final order follows the last write
      written.set(key, next);
    }
    if (decision.reveals) reveals.push(...decision.reveals);
    seen.set(mutation.mutationId, decision.rev);
    applied.push({ mutationId: mutation.mutationId, collection: mutation.collection, id: mutation.id, rev: decision.rev });
    results.push({ mutationId: mutation.mutationId, status: 'applied', rev: decision.rev });
  }
  return { results, writes: [...written.values()], applied, reveals };
}
