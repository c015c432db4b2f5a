import { MAX_PATCH_BYTES, type Collection, type Mutation, type PushResult } from '../../src-shared/sync/protocol.js';
import type { Decision, FieldMeta, MutationDecider, PushContext, StoredDocument } from '../storage/storage.js';

/** Why a document is refused: plain text, or a reason written for agents in both UI languages. */
export type Refusal = string | { zh: string; en: string };
/** Checks a document as it would be after the mutation; returns why it is refused, or null. Synchronous: it runs inside the write transaction. */
export type DocumentValidator = (document: Record<string, unknown>) => Refusal | null;
export type DocumentValidators = Partial<Record<Collection, DocumentValidator>>;

/** Who may see a document an agent pushes. Collections without an entry cannot be pushed by agents. */
export type Visibility = (pusher: PushContext) => { team: string | null; owner: string | null };
export const DEFAULT_VISIBILITY: Partial<Record<Collection, Visibility>> = {
  tickets: (pusher) => ({ team: pusher.team, owner: null }),
  calls: (pusher) => ({ team: null, owner: pusher.agentId }),
  agentState: (pusher) => ({ team: null, owner: pusher.agentId }),
};

export interface DecideOptions {
  validators?: DocumentValidators;
  visibility?: Partial<Record<Collection, Visibility>>;
}

/**
 * The merge rules of a push, as one pure function shared by every storage:
 * - create writes the whole entity (on an existing entity it behaves like an update);
 * - update takes the agent's changed fields; a field another client changed after the agent's
 *   baseRev, to a different value, is a conflict and nothing of that mutation is applied — the
 *   client shows both values and the agent chooses; fields only the server changed stay as they are;
 * - append adds items to list fields and never conflicts;
 * - delete conflicts only if another client changed the entity after baseRev.
 */
export function createDecider(pusher: PushContext, options: DecideOptions = {}): MutationDecider {
  const visibility = options.visibility ?? DEFAULT_VISIBILITY;
  return (current, mutation) => {
    const reject = (code: string, why: Refusal) => rejected(mutation, current, code, why);
    const audience = visibility[mutation.collection];
    if (!audience) return reject('FORBIDDEN', `Agents cannot write to ${mutation.collection}`);
    if (current && !canSee(current, pusher)) return reject('FORBIDDEN', 'This entity belongs to another team or agent');
    if (JSON.stringify(mutation.patch).length > MAX_PATCH_BYTES) return reject('TOO_LARGE', `Patch larger than ${MAX_PATCH_BYTES} bytes`);

    const live = current && !current.deleted ? current : undefined;
    const nextRev = (current?.rev ?? 0) + 1;
    const validate = (data: Record<string, unknown>) => options.validators?.[mutation.collection]?.(data) ?? null;

    if (mutation.op === 'delete') {
      if (!live) return { status: 'applied', rev: current?.rev ?? 0 };
      const touched = changedByOthers(live, Object.keys(live.data ?? {}), mutation.baseRev, pusher.clientId);
      if (touched.length > 0) return conflict(mutation, live, touched);
      return { status: 'applied', rev: nextRev, write: { ...keep(live), rev: nextRev, deleted: true, data: null } };
    }

    if (mutation.op === 'append') {
      if (!live) return reject('NOT_FOUND', `No ${mutation.collection} ${mutation.id} to append to`);
      const data = { ...(live.data ?? {}) };
      for (const [field, items] of Object.entries(mutation.patch)) {
        const existing = data[field] ?? [];
        if (!Array.isArray(items) || !Array.isArray(existing)) return reject('VALIDATION', `append needs list values; ${field} is not a list`);
        data[field] = [...existing, ...items];
      }
      const problem = validate(data);
      if (problem) return reject('VALIDATION', problem);
      return { status: 'applied', rev: nextRev, write: { ...keep(live), rev: nextRev, data, fieldMeta: stamp(live.fieldMeta, Object.keys(mutation.patch), nextRev, pusher.clientId) } };
    }

    if (!live) {
      if (mutation.op === 'update') return reject('NOT_FOUND', `No ${mutation.collection} ${mutation.id} to update`);
      const data = { ...mutation.patch };
      const problem = validate(data);
      if (problem) return reject('VALIDATION', problem);
      const { team, owner } = audience(pusher);
      return {
        status: 'applied',
        rev: nextRev,
        write: { rev: nextRev, deleted: false, data, team, owner, fieldMeta: stamp({}, Object.keys(data), nextRev, pusher.clientId) },
      };
    }

    // update, or create of an entity that already exists (treated as an update based on nothing)
    const base = live.data ?? {};
    const changed = Object.keys(mutation.patch).filter((field) => !sameJson(base[field], mutation.patch[field]));
    const contested = changedByOthers(live, changed, mutation.baseRev, pusher.clientId);
    if (contested.length > 0) return conflict(mutation, live, contested);
    if (changed.length === 0) return { status: 'applied', rev: live.rev };
    const data = { ...base, ...mutation.patch };
    const problem = validate(data);
    if (problem) return reject('VALIDATION', problem);
    return { status: 'applied', rev: nextRev, write: { ...keep(live), rev: nextRev, data, fieldMeta: stamp(live.fieldMeta, changed, nextRev, pusher.clientId) } };
  };
}

const canSee = (document: StoredDocument, pusher: PushContext) =>
  (document.team === null || document.team === pusher.team) && (document.owner === null || document.owner === pusher.agentId);

const keep = (document: StoredDocument) => ({
  rev: document.rev,
  deleted: document.deleted,
  data: document.data,
  fieldMeta: document.fieldMeta,
  team: document.team,
  owner: document.owner,
});

/**
 * Fields another client changed after `baseRev`. A field the document holds without history
 * (published, seeded) counts as changed at the document's rev by someone else; a field nobody ever
 * wrote cannot have been changed by anyone.
 */
function changedByOthers(document: StoredDocument, fields: string[], baseRev: number | null, clientId: string): string[] {
  const since = baseRev ?? 0;
  return fields.filter((field) => {
    const meta = document.fieldMeta[field];
    if (!meta && !Object.prototype.hasOwnProperty.call(document.data ?? {}, field)) return false;
    const rev = meta?.rev ?? document.rev;
    return rev > since && meta?.by !== clientId;
  });
}

function stamp(meta: FieldMeta, fields: string[], rev: number, by: string): FieldMeta {
  const next = { ...meta };
  for (const field of fields) next[field] = { rev, by };
  return next;
}

function conflict(mutation: Mutation, current: StoredDocument, fields: string[]): Decision {
  const result: PushResult = { mutationId: mutation.mutationId, status: 'conflict', rev: current.rev, serverValue: current.data, conflictFields: fields };
  return { status: 'conflict', result };
}

function rejected(mutation: Mutation, current: StoredDocument | undefined, code: string, why: Refusal): Decision {
  const error = typeof why === 'string' ? { code, message: why } : { code, message: why.zh, localized: { zh: why.zh, en: why.en } };
  const result: PushResult = { mutationId: mutation.mutationId, status: 'rejected', error };
  // The current copy goes back only if the pusher may see it, so the client can restore its local row.
  if (current && code !== 'FORBIDDEN') Object.assign(result, { rev: current.rev, serverValue: current.deleted ? null : current.data });
  return { status: 'rejected', result };
}

/** Compares JSON values structurally (key order does not matter). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, index) => sameJson(item, other[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => Object.prototype.hasOwnProperty.call(right, key) && sameJson(left[key], right[key]));
}
