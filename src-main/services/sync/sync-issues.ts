import { z } from 'zod';
import type { ConflictView, DeadLetterView } from '../../../src-shared/ipc/sync.js';
import { AppFailure } from '../../../src-shared/result.js';
import type { Change, Collection, PushResult } from '../../../src-shared/sync/protocol.js';
import { maskText } from '../../../src-shared/privacy/mask.js';
import { applyPatch, getPath } from '../../../src-shared/sync/patch-paths.js';
import type { LocalText } from '../../../src-shared/tickets/text.js';
import { writeAudit } from '../store/audit-log.js';
import type { Db } from '../store/open-store.js';
import { parseRow, parseRows } from '../../../src-node/sqlite/rows.js';
import { commonPersonalKeys, maskConflict, maskDeadLetter, restoreMasked, type PersonalKeys } from './issue-masking.js';
import { enqueueMutation, removeFromOutbox, type MutationOp, type OutboxEntry } from './outbox.js';

// The two lists a sync problem can land in, both visible to the agent: dead letters (the server
// refused the write) and conflicts (someone else changed the same fields). Entries move here from
// the outbox in the same transaction that removes them there; the agent's fix, resolution or
// discard leaves here the same way.

/**
 * Writes a fixed or resolved patch into a feature's local row, inside the transaction that
 * re-enqueues it. Features register one so the UI shows the agent's choice before the server echoes it.
 */
export type LocalWriter = (db: Db, entityId: string, op: MutationOp, patch: Record<string, unknown>) => void;

/**
 * How a feature puts a sync problem in the agent's words: what the entity is ("工单 GD… 宽带断网"),
 * a field path's label as its form shows it, a value as the form shows it (options by label, dates
 * in the agent's language, phone and ID numbers masked). Features register one; never raw JSON.
 */
export interface IssueDescriber {
  subject(db: Db, entityId: string): LocalText | null;
  label(db: Db, entityId: string, path: string): LocalText;
  text(db: Db, entityId: string, path: string, value: unknown): LocalText;
}
export type IssueDescribers = Partial<Record<string, IssueDescriber>>;

/** For collections no feature describes: the path as its label, plain values as they are. */
const PLAIN: IssueDescriber = {
  subject: () => null,
  label: (_db, _id, path) => ({ zh: path, en: path }),
  text: (_db, _id, _path, value) => {
    if (value === null || value === undefined || value === '') return { zh: '—', en: '—' };
    if (typeof value === 'object') return { zh: '（已修改）', en: '(changed)' };
    const shown = maskText(String(value));
    return { zh: shown, en: shown };
  },
};

export function moveToDeadLetters(db: Db, entry: OutboxEntry, code: string, reason: string, now: string): void {
  db.prepare(
    `INSERT OR REPLACE INTO sync_dead_letters (mutation_id, collection, entity_id, op, payload, schema_version, created_at, code, reason, rejected_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(entry.mutationId, entry.collection, entry.entityId, entry.op, entry.payload, entry.schemaVersion, entry.createdAt, code, reason.slice(0, 2000), now);
  removeFromOutbox(db, entry.mutationId);
}

const SupersededLetter = z.object({ mutation_id: z.string(), op: z.string(), code: z.string(), reason: z.string() });

/**
 * A feature resubmitted a fixed version of an entity: its refused writes are settled. They leave the
 * list (so nobody sends the refused version again) and the audit log keeps what they were.
 */
export function supersedeDeadLetters(db: Db, collection: string, entityId: string, actor: string, now: Date): number {
  const letters = parseRows(
    SupersededLetter,
    db.prepare('SELECT mutation_id, op, code, reason FROM sync_dead_letters WHERE collection = ? AND entity_id = ?').all(collection, entityId),
    'sync_dead_letters',
  );
  for (const letter of letters) {
    writeAudit(db, { at: now, actor, action: 'sync.superseded', target: `${collection}/${entityId}`, reason: { code: letter.code, reason: letter.reason, op: letter.op } });
    deleteDeadLetter(db, letter.mutation_id);
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
  removeFromOutbox(db, entry.mutationId);
}

const DeadLetterRow = z.object({
  mutation_id: z.string(),
  collection: z.string(),
  entity_id: z.string(),
  op: z.string(),
  payload: z.string(),
  schema_version: z.number().int(),
  created_at: z.string(),
  code: z.string(),
  reason: z.string(),
  rejected_at: z.string(),
});

/** A dead letter's payload may be the very thing that was wrong with it: read what can be read, keep the rest raw. */
const LetterPayload = z
  .object({ baseRev: z.number().nullable().catch(null), patch: z.record(z.string(), z.unknown()).optional().catch(undefined) })
  .catch({ baseRev: null, patch: undefined });

export function listDeadLetters(db: Db, describers: IssueDescribers = {}): DeadLetterView[] {
  return parseRows(DeadLetterRow, db.prepare('SELECT * FROM sync_dead_letters ORDER BY rejected_at, created_at').all(), 'sync_dead_letters').map((row) => {
    const payload = LetterPayload.parse(parseJson(row.payload));
    const describe = describers[row.collection] ?? PLAIN;
    // A refused create is the whole document: its form values say what it was.
    const patch = row.op === 'create' && payload.patch && 'fields' in payload.patch ? { fields: payload.patch.fields } : (payload.patch ?? {});
    return {
      mutationId: row.mutation_id,
      collection: row.collection,
      entityId: row.entity_id,
      op: row.op,
      baseRev: payload.baseRev,
      patch: payload.patch ?? { raw: row.payload },
      code: row.code,
      reason: row.reason,
      createdAt: row.created_at,
      rejectedAt: row.rejected_at,
      subject: describe.subject(db, row.entity_id),
      changes: Object.entries(patch).map(([field, value]) => ({ field, label: describe.label(db, row.entity_id, field), text: describe.text(db, row.entity_id, field, value) })),
    };
  });
}

export function findDeadLetter(db: Db, mutationId: string): DeadLetterView | undefined {
  // Only the raw write is needed here, not its description.
  return listDeadLetters(db).find((letter) => letter.mutationId === mutationId);
}

export function deleteDeadLetter(db: Db, mutationId: string): void {
  db.prepare('DELETE FROM sync_dead_letters WHERE mutation_id = ?').run(mutationId);
}

const Json = <S extends z.ZodType>(schema: S) => z.string().transform((text) => JSON.parse(text) as unknown).pipe(schema);
const Fields = z.record(z.string(), z.unknown());

const ConflictRow = z.object({
  mutation_id: z.string(),
  collection: z.string(),
  entity_id: z.string(),
  op: z.string(),
  local_patch: Json(Fields),
  server_value: Json(Fields.nullable()).nullable(),
  server_rev: z.number().int(),
  fields: Json(z.array(z.string())),
  created_at: z.string(),
  detected_at: z.string(),
});

export function listConflicts(db: Db, describers: IssueDescribers = {}): ConflictView[] {
  return parseRows(ConflictRow, db.prepare('SELECT * FROM sync_conflicts ORDER BY detected_at').all(), 'sync_conflicts').map((row) => {
    const mine = row.local_patch;
    // No stored server copy reads as an empty one (a `null` copy is the server's delete).
    const theirs = row.server_value === null ? {} : row.server_value;
    const contested = row.fields;
    const describe = describers[row.collection] ?? PLAIN;
    return {
      mutationId: row.mutation_id,
      collection: row.collection,
      entityId: row.entity_id,
      op: row.op,
      serverRev: row.server_rev,
      fields: contested.map((field) => {
        const theirsValue = getPath(theirs, field) ?? null;
        const mineValue = mine[field] ?? null;
        return {
          field,
          mine: mineValue,
          theirs: theirsValue,
          label: describe.label(db, row.entity_id, field),
          mineText: describe.text(db, row.entity_id, field, mineValue),
          theirsText: describe.text(db, row.entity_id, field, theirsValue),
        };
      }),
      uncontested: Object.fromEntries(Object.entries(mine).filter(([field]) => !contested.includes(field))),
      serverValue: theirs,
      createdAt: row.created_at,
      detectedAt: row.detected_at,
      subject: describe.subject(db, row.entity_id),
    };
  });
}

export function deleteConflict(db: Db, mutationId: string): void {
  db.prepare('DELETE FROM sync_conflicts WHERE mutation_id = ?').run(mutationId);
}

const Count = z.number().int().nonnegative();

export function countIssues(db: Db): { deadLetters: number; conflicts: number } {
  return {
    deadLetters: parseRow(Count, db.prepare('SELECT COUNT(*) FROM sync_dead_letters').pluck().get(), 'sync_dead_letters'),
    conflicts: parseRow(Count, db.prepare('SELECT COUNT(*) FROM sync_conflicts').pluck().get(), 'sync_conflicts'),
  };
}

export interface SyncIssuesOptions {
  db: Db;
  /** Who acts, for the audit log (discarding a refused write). */
  actor: string;
  now: () => Date;
  /** Writes a document through its feature's pull applier (the stand-in when a feature registered no LocalWriter). */
  applyChange: (change: Change) => boolean;
}

/**
 * What the agent does about a sync problem: resubmit a refused write (fixed or not), discard it
 * (audited), or resolve a conflict field by field. Each is one transaction: the local row, the new
 * outbox entry and the list leave together.
 */
export class SyncIssues {
  private readonly localWriters: Partial<Record<Collection, LocalWriter>> = {};
  private readonly personalKeys: Partial<Record<Collection, PersonalKeys>> = {};
  private readonly describers: IssueDescribers = {};

  constructor(private readonly options: SyncIssuesOptions) {}

  /** Which keys of a collection's documents hold personal data, beyond the common ones (phone numbers). */
  registerPersonalKeys(collection: Collection, kindOf: PersonalKeys): void {
    this.personalKeys[collection] = kindOf;
  }

  /** The refused writes as the agent sees them: masked by the one policy. */
  visibleDeadLetters(): DeadLetterView[] {
    return listDeadLetters(this.options.db, this.describers).map((letter) => maskDeadLetter(letter, this.personalKeysOf(letter.collection)));
  }

  /** The conflicts as the agent sees them: masked by the one policy. */
  visibleConflicts(): ConflictView[] {
    return listConflicts(this.options.db, this.describers).map((conflict) => maskConflict(conflict, this.personalKeysOf(conflict.collection)));
  }

  private personalKeysOf(collection: string): PersonalKeys {
    const own = this.personalKeys[collection as Collection];
    return own ? (key) => own(key) ?? commonPersonalKeys(key) : commonPersonalKeys;
  }

  /** A feature's local-row writer for resolved conflicts and resubmitted fixes (see LocalWriter). */
  registerLocalWriter(collection: Collection, writer: LocalWriter): void {
    this.localWriters[collection] = writer;
  }

  /** A feature's way of putting its sync problems in the agent's words (see IssueDescriber). */
  registerDescriber(collection: Collection, describer: IssueDescriber): void {
    this.describers[collection] = describer;
  }

  /** Sends a refused write again as a new outbox entry, with the agent's fixed patch if given. */
  resubmitDeadLetter(mutationId: string, fixedPatch?: Record<string, unknown>): void {
    const { db } = this.options;
    const letter = findDeadLetter(db, mutationId);
    if (!letter) throw new AppFailure('NOT_FOUND', 'No such refused write');
    const collection = letter.collection as Collection;
    const op = letter.op as MutationOp;
    const patch = fixedPatch ? restoreMasked(fixedPatch, letter.patch, this.personalKeysOf(letter.collection)) : letter.patch;
    db.transaction(() => {
      this.writeLocal(collection, letter.entityId, op, patch, letter.baseRev ?? 0, null);
      enqueueMutation(db, { collection, entityId: letter.entityId, op, patch, baseRev: letter.baseRev });
      deleteDeadLetter(db, mutationId);
    }).immediate();
  }

  /** Gives up a refused write because the agent said so; the audit log keeps what was given up. */
  discardDeadLetter(mutationId: string): void {
    const { db } = this.options;
    const letter = findDeadLetter(db, mutationId);
    if (!letter) throw new AppFailure('NOT_FOUND', 'No such refused write');
    db.transaction(() => {
      writeAudit(db, {
        at: this.options.now(),
        actor: this.options.actor,
        action: 'sync.discard',
        target: `${letter.collection}/${letter.entityId}`,
        reason: { code: letter.code, reason: letter.reason, op: letter.op, patch: letter.patch },
      });
      deleteDeadLetter(db, mutationId);
    }).immediate();
  }

  /**
   * Applies the agent's choice per contested field: "mine" fields and the agent's uncontested
   * fields are sent again, based on the server's rev; "theirs" fields keep the server's value.
   */
  resolveConflict(mutationId: string, choices: Record<string, 'mine' | 'theirs'>): void {
    const { db } = this.options;
    const conflict = listConflicts(db).find((item) => item.mutationId === mutationId);
    if (!conflict) throw new AppFailure('NOT_FOUND', 'No such conflict');
    const unchosen = conflict.fields.filter(({ field }) => !choices[field]).map(({ field }) => field);
    if (unchosen.length > 0) throw new AppFailure('VALIDATION', `Choose a value for: ${unchosen.join(', ')}`);
    const collection = conflict.collection as Collection;
    const keepsMine = conflict.fields.filter(({ field }) => choices[field] === 'mine');
    db.transaction(() => {
      if (conflict.op === 'delete') {
        if (keepsMine.length > 0) {
          this.writeLocal(collection, conflict.entityId, 'delete', {}, conflict.serverRev, null);
          enqueueMutation(db, { collection, entityId: conflict.entityId, op: 'delete', patch: {}, baseRev: conflict.serverRev });
        }
      } else {
        const patch = { ...conflict.uncontested, ...Object.fromEntries(keepsMine.map(({ field, mine }) => [field, mine])) };
        if (Object.keys(patch).length > 0) {
          this.writeLocal(collection, conflict.entityId, 'update', patch, conflict.serverRev, conflict.serverValue);
          enqueueMutation(db, { collection, entityId: conflict.entityId, op: 'update', patch, baseRev: conflict.serverRev });
        }
      }
      deleteConflict(db, mutationId);
    }).immediate();
  }

  /** The feature's writer if it registered one; otherwise the applier with the merged document. */
  private writeLocal(collection: Collection, entityId: string, op: MutationOp, patch: Record<string, unknown>, rev: number, base: Record<string, unknown> | null): void {
    const writer = this.localWriters[collection];
    if (writer) return writer(this.options.db, entityId, op, patch);
    // Without a feature writer, the pull applier stands in (a partial document it cannot read is skipped).
    const { applyChange } = this.options;
    if (op === 'delete') applyChange({ collection, id: entityId, rev, deleted: true, data: null });
    else if (op === 'create') applyChange({ collection, id: entityId, rev, deleted: false, data: patch });
    else if (op === 'update' && base) applyChange({ collection, id: entityId, rev, deleted: false, data: applyPatch(base, patch) });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // shown raw; the reason already says the payload was unreadable
  }
}
