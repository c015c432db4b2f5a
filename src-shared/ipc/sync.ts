import { z } from 'zod';
import { channel } from './define.js';

export const SyncStatus = z.object({
  online: z.boolean(),
  syncing: z.boolean(),
  /** Agent writes not yet accepted by the server. */
  pending: z.number().int().nonnegative(),
  oldestPendingAt: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** Writes the server refused, waiting in the dead-letter list. */
  deadLetters: z.number().int().nonnegative().default(0),
  /** Writes that collided with someone else's, waiting for the agent's choice. */
  conflicts: z.number().int().nonnegative().default(0),
  /** When the engine tries again after a failure (backoff), if it is waiting. */
  nextAttemptAt: z.string().nullable().default(null),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/** A user-facing text in both UI languages (labels and values as the agent's forms show them). */
const Text = z.object({ zh: z.string(), en: z.string() });

/** How the agent reads a sync problem: what it is about, and each field by its form label with its value as the form shows it. */
const Subject = Text.nullable();
const ChangeText = z.object({ field: z.string(), label: Text, text: Text });

export const DeadLetterView = z.object({
  mutationId: z.string(),
  collection: z.string(),
  entityId: z.string(),
  op: z.string(),
  baseRev: z.number().nullable(),
  patch: z.record(z.string(), z.unknown()),
  code: z.string(),
  reason: z.string(),
  createdAt: z.string(),
  rejectedAt: z.string(),
  subject: Subject,
  /** What the refused write changed, in the agent's words. */
  changes: z.array(ChangeText),
});
export type DeadLetterView = z.infer<typeof DeadLetterView>;

export const ConflictView = z.object({
  mutationId: z.string(),
  collection: z.string(),
  entityId: z.string(),
  op: z.string(),
  serverRev: z.number(),
  /** Fields both sides changed: the agent chooses per field. */
  fields: z.array(z.object({ field: z.string(), mine: z.unknown(), theirs: z.unknown(), label: Text, mineText: Text, theirsText: Text })),
  /** The agent's other changed fields; they go through when the conflict is resolved. */
  uncontested: z.record(z.string(), z.unknown()),
  serverValue: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  detectedAt: z.string(),
  subject: Subject,
});
export type ConflictView = z.infer<typeof ConflictView>;

const MutationRef = z.object({ mutationId: z.string().min(1).max(64) }).strict();

export const syncChannels = {
  'sync.status': channel(z.object({}).strict(), SyncStatus),
  'sync.now': channel(z.object({}).strict(), SyncStatus),
  /** The renderer saw the network come back (`online` event): try at once, without backoff. */
  'sync.online': channel(z.object({}).strict(), SyncStatus),
  'sync.deadLetters': channel(z.object({}).strict(), z.array(DeadLetterView)),
  /** Sends a refused write again, optionally with a fixed patch (a new outbox entry). */
  'sync.resubmit': channel(MutationRef.extend({ patch: z.record(z.string(), z.unknown()).optional() }).strict(), SyncStatus),
  /** Gives up a refused write on purpose; written to the audit log. */
  'sync.discard': channel(MutationRef, SyncStatus),
  'sync.conflicts': channel(z.object({}).strict(), z.array(ConflictView)),
  'sync.resolve': channel(MutationRef.extend({ choices: z.record(z.string(), z.enum(['mine', 'theirs'])) }).strict(), SyncStatus),
};
