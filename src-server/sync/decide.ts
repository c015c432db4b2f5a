import { AgentStateReport } from '../../src-shared/domain/softphone.js';
import { MAX_PATCH_BYTES, type Collection, type Mutation, type PushResult } from '../../src-shared/sync/protocol.js';
import { applyPatch, getPath, isValidPath, pathsOverlap, sameJson } from '../../src-shared/sync/patch-paths.js';
import { isNewerAgentState } from '../softphone/agent-state.js';
import type { Decision, FieldMeta, MutationDecider, Pusher, RevealRecord, StoredDocument } from '../storage/storage.js';

export { sameJson };

/** Why a write is refused: plain text, or a reason written for agents in both UI languages, with a stable code (default VALIDATION). */
export type Refusal = string | { zh: string; en: string; code?: string };
type Data = Record<string, unknown>;

/**
 * A collection's own rules, all synchronous (they run inside the write transaction):
 * - `authorize`: may this pusher make this mutation at all (before anything is computed);
 * - `append`: what appended items are stored as (server-stamped), dropping those already there;
 * - `check`: the document as the write would leave it, against what it was (`before` undefined on create);
 * - `stamp`: fields only the server writes (e.g. `updatedAt`); a patch's values for them are ignored;
 * - `reveals`: the reveal audit records newly appended items stand for (written with the push).
 */
export interface CollectionRules {
  authorize?(mutation: Mutation, before: Data | undefined, pusher: Pusher): Refusal | null;
  append?(field: string, items: unknown[], existing: unknown[], pusher: Pusher, now: Date): { items: unknown[] } | { refused: Refusal };
  check?(before: Data | undefined, after: Data, pusher: Pusher): Refusal | null;
  stamp?(now: Date): Data;
  reveals?(entityId: string, appended: unknown[], pusher: Pusher, now: Date): RevealRecord[];
}
export type DocumentRules = Partial<Record<Collection, CollectionRules>>;

/** Who may see a document an agent pushes. Collections without an entry cannot be pushed by agents. */
export type Visibility = (pusher: Pusher) => { team: string | null; owner: string | null };
export const DEFAULT_VISIBILITY: Partial<Record<Collection, Visibility>> = {
  tickets: (pusher) => ({ team: pusher.team, owner: null }),
  calls: (pusher) => ({ team: null, owner: pusher.agentId }),
  agentState: (pusher) => ({ team: null, owner: pusher.agentId }),
};

export interface DecideOptions {
  rules?: DocumentRules;
  visibility?: Partial<Record<Collection, Visibility>>;
  /** The server's clock, for the fields and events it stamps. */
  now?: () => Date;
}

/**
 * The merge rules of a push, as one pure function shared by every storage. Patches are keyed by
 * field path (`status`, `fields.title`); each stored document keeps, per path, the rev and client
 * that last wrote it.
 * - create writes the whole entity (on an existing entity it behaves like an update);
 * - update takes the agent's changed paths; a path another client wrote after the agent's baseRev
 *   (or a path inside it, or around it), to a different value, is a conflict and nothing of that
 *   mutation is applied; paths only others changed stay as they are, so two agents editing
 *   different fields of one ticket from the same revision both land;
 * - append adds items to list fields and never conflicts;
 * - delete conflicts only if another client changed the entity after baseRev;
 * - agent state reports: the newest by the agent's own clock wins, never a conflict.
 */
export function createDecider(pusher: Pusher, options: DecideOptions = {}): MutationDecider {
  const visibility = options.visibility ?? DEFAULT_VISIBILITY;
  const clock = options.now ?? (() => new Date());
  return (current, mutation) => {
    const reject = (why: Refusal, code = 'VALIDATION') => rejected(mutation, current, code, why);
    const audience = visibility[mutation.collection];
    if (!audience) return reject(`Agents cannot write to ${mutation.collection}`, 'FORBIDDEN');
    if (current && !canSee(current, pusher)) return reject('This entity belongs to another team or agent', 'FORBIDDEN');
    if (JSON.stringify(mutation.patch).length > MAX_PATCH_BYTES) return reject(`Patch larger than ${MAX_PATCH_BYTES} bytes`, 'TOO_LARGE');
    const badPath = Object.keys(mutation.patch).find((path) => !isValidPath(path));
    if (badPath !== undefined) return reject(`Invalid field path ${JSON.stringify(badPath.slice(0, 80))}`);

    const live = current && !current.deleted ? current : undefined;
    const rules = options.rules?.[mutation.collection] ?? {};
    const refusedUpFront = rules.authorize?.(mutation, live?.data ?? undefined, pusher);
    if (refusedUpFront) return reject(refusedUpFront);
    if (mutation.collection === 'agentState') return newestReportWins(live, mutation, pusher, audience);

    const nextRev = (current?.rev ?? 0) + 1;
    const now = clock();
    const stamped = rules.stamp?.(now) ?? {};
    const finish = (before: Data | undefined, after: Data, written: string[]): Decision => {
      const data = { ...after, ...stamped };
      const problem = rules.check?.(before, data, pusher);
      if (problem) return reject(problem);
      const base = live ? keep(live) : { deleted: false, ...audience(pusher), fieldMeta: {} };
      return { status: 'applied', rev: nextRev, write: { ...base, rev: nextRev, deleted: false, data, fieldMeta: stampMeta(base.fieldMeta, written, nextRev, pusher.clientId) } };
    };

    if (mutation.op === 'delete') {
      if (!live) return { status: 'applied', rev: current?.rev ?? 0 };
      const touched = changedByOthers(live, Object.keys(live.data ?? {}), mutation.baseRev, pusher.clientId);
      if (touched.length > 0) return conflict(mutation, live, touched);
      return { status: 'applied', rev: nextRev, write: { ...keep(live), rev: nextRev, deleted: true, data: null } };
    }

    if (mutation.op === 'append') {
      if (!live) return reject(`No ${mutation.collection} ${mutation.id} to append to`, 'NOT_FOUND');
      let data = { ...(live.data ?? {}) };
      const appended: unknown[] = [];
      for (const [field, items] of Object.entries(mutation.patch)) {
        const existing = data[field] ?? [];
        if (!Array.isArray(items) || !Array.isArray(existing)) return reject(`append needs list values; ${field} is not a list`);
        const accepted = rules.append ? rules.append(field, items, existing, pusher, now) : { items };
        if ('refused' in accepted) return reject(accepted.refused);
        if (accepted.items.length === 0) continue;
        appended.push(...accepted.items);
        data = { ...data, [field]: [...existing, ...accepted.items] };
      }
      if (sameJson(data, live.data)) return { status: 'applied', rev: live.rev }; // every item was there already
      const decision = finish(live.data ?? {}, data, Object.keys(mutation.patch));
      const reveals = decision.status === 'applied' ? (rules.reveals?.(mutation.id, appended, pusher, now) ?? []) : [];
      return reveals.length > 0 ? { ...decision, reveals } : decision;
    }

    const patch = withoutKeys(mutation.patch, Object.keys(stamped));
    if (!live) {
      if (mutation.op === 'update') return reject(`No ${mutation.collection} ${mutation.id} to update`, 'NOT_FOUND');
      return finish(undefined, applyPatch({}, patch), Object.keys(patch));
    }

    // update, or create of an entity that already exists (treated as an update based on nothing)
    const before = live.data ?? {};
    const changed = Object.keys(patch).filter((path) => !sameJson(getPath(before, path), patch[path]));
    const contested = changedByOthers(live, changed, mutation.baseRev, pusher.clientId);
    if (contested.length > 0) return conflict(mutation, live, contested);
    if (changed.length === 0) return { status: 'applied', rev: live.rev };
    return finish(before, applyPatch(before, Object.fromEntries(changed.map((path) => [path, patch[path]]))), changed);
  };
}

/**
 * Agent state is a stream of reports, each stamped by the agent's own clock: the newest wins and an
 * older or repeated one changes nothing. It never conflicts — two state changes a fraction of a
 * second apart are not a disagreement between people.
 */
function newestReportWins(live: StoredDocument | undefined, mutation: Mutation, pusher: Pusher, audience: Visibility): Decision {
  if (mutation.op !== 'update' && mutation.op !== 'create') return rejected(mutation, live, 'VALIDATION', 'Agent state is reported, not appended or deleted');
  if (mutation.id !== pusher.agentId) return rejected(mutation, live, 'FORBIDDEN', 'An agent reports only their own state');
  const report = AgentStateReport.safeParse(mutation.patch);
  if (!report.success) return rejected(mutation, live, 'VALIDATION', `Invalid agent state report: ${report.error.issues[0]?.message ?? ''}`);
  if (!isNewerAgentState(live?.data, report.data)) return { status: 'applied', rev: live?.rev ?? 0 };
  const rev = (live?.rev ?? 0) + 1;
  const data = { agentId: pusher.agentId, team: pusher.team, ...report.data };
  return { status: 'applied', rev, write: { rev, deleted: false, data, fieldMeta: {}, ...audience(pusher) } };
}

const canSee = (document: StoredDocument, pusher: Pusher) =>
  (document.team === null || document.team === pusher.team) && (document.owner === null || document.owner === pusher.agentId);

const keep = (document: StoredDocument) => ({
  rev: document.rev,
  deleted: document.deleted,
  data: document.data,
  fieldMeta: document.fieldMeta,
  team: document.team,
  owner: document.owner,
});

const withoutKeys = (patch: Data, keys: string[]) => (keys.length === 0 ? patch : Object.fromEntries(Object.entries(patch).filter(([key]) => !keys.includes(key))));

/**
 * Paths another client changed after `baseRev`: the path itself, a path around it (`fields` for
 * `fields.title`) or inside it. A field the document holds without history (published, seeded)
 * counts as changed at the document's rev by someone else; a path nobody ever wrote cannot have
 * been changed by anyone.
 */
function changedByOthers(document: StoredDocument, paths: string[], baseRev: number | null, clientId: string): string[] {
  const since = baseRev ?? 0;
  const history = Object.entries(document.fieldMeta);
  return paths.filter((path) => {
    const writes = history.filter(([written]) => pathsOverlap(written, path)).map(([, meta]) => meta);
    if (writes.length === 0) {
      const field = path.split('.')[0]!;
      return Object.prototype.hasOwnProperty.call(document.data ?? {}, field) && document.rev > since;
    }
    return writes.some((meta) => meta.rev > since && meta.by !== clientId);
  });
}

/** Records who wrote each path; a write of `fields` supersedes the history of the paths inside it. */
function stampMeta(meta: FieldMeta, paths: string[], rev: number, by: string): FieldMeta {
  const next: FieldMeta = {};
  for (const [path, entry] of Object.entries(meta)) if (!paths.some((written) => path.startsWith(`${written}.`))) next[path] = entry;
  for (const path of paths) next[path] = { rev, by };
  return next;
}

function conflict(mutation: Mutation, current: StoredDocument, fields: string[]): Decision {
  const result: PushResult = { mutationId: mutation.mutationId, status: 'conflict', rev: current.rev, serverValue: current.data, conflictFields: fields };
  return { status: 'conflict', result };
}

function rejected(mutation: Mutation, current: StoredDocument | undefined, fallbackCode: string, why: Refusal): Decision {
  const error =
    typeof why === 'string' ? { code: fallbackCode, message: why } : { code: why.code ?? fallbackCode, message: why.zh, localized: { zh: why.zh, en: why.en } };
  const result: PushResult = { mutationId: mutation.mutationId, status: 'rejected', error };
  // The current copy goes back only if the pusher may see it, so the client can restore its local row.
  if (current && error.code !== 'FORBIDDEN') Object.assign(result, { rev: current.rev, serverValue: current.deleted ? null : current.data });
  return { status: 'rejected', result };
}
