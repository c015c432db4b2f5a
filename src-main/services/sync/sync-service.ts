import type { Transaction } from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import type { SyncStatus } from '../../../src-shared/ipc/sync.js';
import { AppFailure } from '../../../src-shared/result.js';
import type { Change, Collection, Mutation, PullResponse as PullPage, PushResult } from '../../../src-shared/sync/protocol.js';
import { MAX_MUTATIONS_PER_PUSH } from '../../../src-shared/sync/protocol.js';
import { faultPoint } from '../../../src-server/fault-points.js';
import type { ApiClient } from '../api/api-client.js';
import type { Logger } from '../log.js';
import { readValue, writeValue } from '../store/key-value.js';
import type { Db } from '../store/open-store.js';
import { backoffDelay } from './backoff.js';
import type { ChangeApplier, ChangeAppliers } from './change-appliers.js';
import { EventStream } from './event-stream.js';
import { enqueueMutation, newClientId, onLocalWrite, readOutbox, toWireMutation, upgradeOutbox, type MutationOp, type OutboxEntry } from './outbox.js';
import {
  countIssues,
  deleteConflict,
  deleteDeadLetter,
  findDeadLetter,
  listConflicts,
  listDeadLetters,
  moveToConflicts,
  moveToDeadLetters,
} from './sync-issues.js';

/**
 * Writes a fixed or resolved patch into a feature's local row, inside the transaction that
 * re-enqueues it. Features register one so the UI shows the agent's choice before the server echoes it.
 */
export type LocalWriter = (db: Db, entityId: string, op: MutationOp, patch: Record<string, unknown>) => void;

export interface RejectedWrite {
  collection: string;
  entityId: string;
  mutationId: string;
  code: string;
  reason: string;
  /** The reason in both UI languages, when the server wrote it for agents. */
  localized?: { zh: string; en: string };
}
export interface ConflictNotice {
  collection: string;
  entityId: string;
  mutationId: string;
  fields: string[];
}

export interface SyncServiceOptions {
  db: Db;
  api: ApiClient;
  appliers: ChangeAppliers;
  log: Logger;
  /** How often to sync when nothing wakes the engine (and the base of the backoff after failures). */
  intervalMs?: number;
  pageSize?: number;
  pushBatchSize?: number;
  /** A local write wakes the engine after this quiet period, so a burst of typing is one push. */
  writeDebounceMs?: number;
  maxBackoffMs?: number;
  /** Listen to the server's event stream for pokes (default true). */
  events?: boolean;
  /** Who acts, for the audit log (discarding a refused write). */
  actor?: string;
  now?: () => Date;
  random?: () => number;
  ensureSignedIn?: () => Promise<void>;
}

type SyncEvents = {
  status: [SyncStatus];
  changed: [Change[]];
  /** The server refused a write; it is in the dead-letter list. */
  rejected: [RejectedWrite];
  conflict: [ConflictNotice];
};

/**
 * Keeps the local store in step with the central API: pushes the outbox in order (batched), then
 * pulls until the server has nothing more. The UI never waits on it: it reads the store and
 * listens for `status`, `changed`, `rejected` and `conflict` events.
 *
 * Wakes on a local write (debounced), a server poke, the event stream reconnecting (coming back
 * online), "sync now" and a timer; after failures the timer backs off with jitter up to 60 s. A
 * wake during a run makes the loop run again right after — it never waits for another write.
 */
export class SyncService extends EventEmitter<SyncEvents> {
  private status: SyncStatus;
  private timer: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;
  private again = false;
  private failures = 0;
  /** Wakes and timers run only between start() and stop(); syncNow() works before start() too. */
  private started = false;
  private stopped = false;
  private readonly localWriters: Partial<Record<Collection, LocalWriter>> = {};
  private readonly beforePush: (() => Promise<unknown>)[] = [];
  /** One pulled change in its own savepoint (one unreadable document is skipped, not the page). */
  private readonly applyInSavepoint: (applier: ChangeApplier, change: Change) => void;
  /** One pulled page and the cursor that covers it, in one transaction (see applyPulledPage). */
  private readonly applyPageTransaction: Transaction<(page: PullPage, isolateChanges: boolean) => Change[]>;
  private readonly stream: EventStream | undefined;
  private stopListening: (() => void) | undefined;

  constructor(private readonly options: SyncServiceOptions) {
    super();
    const { db } = options;
    this.applyInSavepoint = db.transaction((applier: ChangeApplier, change: Change) => applier(db, change));
    this.applyPageTransaction = db.transaction((page: PullPage, isolateChanges: boolean) => {
      const pending = this.pendingEntities();
      const applied: Change[] = [];
      for (const change of page.changes) {
        // A pending local write is newer than what the server sent; its own push answer (a newer
        // server version to pull, or the server copy on conflict/rejection) settles the row.
        if (pending.has(`${change.collection}/${change.id}`)) continue;
        if (!isolateChanges) this.options.appliers[change.collection]?.(db, change);
        else if (!this.applyChange(change)) continue;
        applied.push(change);
      }
      writeValue(db, 'sync_state', 'pull_cursor', String(page.cursor));
      writeValue(db, 'sync_state', 'epoch', page.epoch);
      return applied;
    });
    this.status = {
      online: false,
      syncing: false,
      pending: 0,
      oldestPendingAt: null,
      lastSyncAt: readValue(options.db, 'sync_state', 'last_sync_at') ?? null,
      lastError: null,
      deadLetters: 0,
      conflicts: 0,
      nextAttemptAt: null,
    };
    this.refreshCounts();
    if (options.events !== false) {
      this.stream = new EventStream({
        api: options.api,
        ensureSignedIn: options.ensureSignedIn,
        random: options.random,
        onOpen: () => {
          this.failures = 0; // back online: no reason to keep backing off
          this.wake();
        },
        onPoke: () => this.wake(),
        onClose: () => this.wake(), // find out at once whether the server is gone
      });
    }
  }

  /** Starts (or, after stop(), restarts: training stops sync while the sandbox is the store) the loop. */
  start(): void {
    if (this.started) return;
    this.stopped = false;
    this.started = true;
    this.stopListening = onLocalWrite(this.options.db, () => this.notifyLocalWrite());
    this.stream?.start();
    this.wake();
  }

  /** Stops waking and waits for a run in progress, so the caller may close the database afterwards. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.started = false;
    clearTimeout(this.timer);
    clearTimeout(this.debounce);
    this.stopListening?.();
    this.stream?.stop();
    await this.loop?.catch(() => {});
  }

  getStatus(): SyncStatus {
    return { ...this.status };
  }

  /** A feature's local-row writer for resolved conflicts and resubmitted fixes (see LocalWriter). */
  registerLocalWriter(collection: Collection, writer: LocalWriter): void {
    this.localWriters[collection] = writer;
  }

  /** Work a feature needs done before each push, e.g. uploading attachment bytes the push references. A failure stops the run like a failed push. */
  registerBeforePush(task: () => Promise<unknown>): void {
    this.beforePush.push(task);
  }

  /** Debounced wake after an agent's write (enqueueMutation calls it through onLocalWrite). */
  notifyLocalWrite(): void {
    if (!this.started) return;
    this.update({});
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.wake(), this.options.writeDebounceMs ?? 1_000);
    this.debounce.unref();
  }

  /** The host learned the network is back (e.g. the renderer's `online` event). */
  notifyOnline(): void {
    this.failures = 0;
    this.wake();
  }

  /** Runs a full pass that starts now (or right after the one in progress) and returns the resulting status. */
  async syncNow(): Promise<SyncStatus> {
    this.failures = Math.min(this.failures, 1);
    this.wake(true);
    await this.loop;
    return this.getStatus();
  }

  private wake(explicit = false): void {
    if (this.stopped || (!this.started && !explicit)) return;
    clearTimeout(this.timer);
    if (this.loop) {
      this.again = true;
      return;
    }
    this.loop = this.runLoop().finally(() => {
      this.loop = undefined;
      this.schedule();
    });
  }

  private async runLoop(): Promise<void> {
    do {
      this.again = false;
      await this.runOnce();
    } while (this.again && !this.stopped && this.failures === 0);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.started) return;
    const interval = this.options.intervalMs ?? 5_000;
    const delay = this.failures > 0 ? backoffDelay(this.failures, interval, this.options.maxBackoffMs ?? 60_000, this.options.random) : interval;
    if (this.failures > 0) this.update({ nextAttemptAt: new Date(this.now().getTime() + delay).toISOString() });
    this.timer = setTimeout(() => this.wake(), delay);
    this.timer.unref();
  }

  private async runOnce(): Promise<void> {
    if (this.stopped) return;
    this.update({ syncing: true });
    try {
      await this.options.ensureSignedIn?.();
      upgradeOutbox(this.options.db, (entry, code, reason) => this.deadLetter(entry, code, reason));
      for (const task of this.beforePush) await task();
      await this.pushAll();
      await this.pullAll();
      const at = this.now().toISOString();
      writeValue(this.options.db, 'sync_state', 'last_sync_at', at);
      this.failures = 0;
      this.update({ online: true, syncing: false, lastSyncAt: at, lastError: null, nextAttemptAt: null });
    } catch (error) {
      if (this.stopped || !this.options.db.open) return;
      this.failures++;
      const offline = error instanceof AppFailure && error.code === 'SERVER_UNREACHABLE';
      if (!offline) this.options.log.warn({ err: error }, 'sync failed');
      this.update({ online: !offline && this.status.online, syncing: false, lastError: (error as Error).message });
    }
  }

  // ---- push ---------------------------------------------------------------------------------

  private async pushAll(): Promise<void> {
    const { db, api } = this.options;
    const clientId = this.clientId();
    let batchSize = Math.min(this.options.pushBatchSize ?? 200, MAX_MUTATIONS_PER_PUSH);
    for (;;) {
      const entries = readOutbox(db, batchSize);
      if (entries.length === 0) return;
      const sendable: { entry: OutboxEntry; mutation: Mutation }[] = [];
      for (const entry of entries) {
        const wire = toWireMutation(entry);
        if (wire.ok) sendable.push({ entry, mutation: wire.mutation });
        else this.deadLetter(entry, 'INVALID_ENTRY', wire.reason);
      }
      if (sendable.length === 0) continue;
      faultPoint('client.push.before-send');
      let results: PushResult[];
      try {
        ({ results } = await api.push({ clientId, mutations: sendable.map((item) => item.mutation) }));
      } catch (error) {
        const refusedRequest = error instanceof AppFailure && (error.code === 'VALIDATION' || error.code === 'TOO_LARGE');
        if (!refusedRequest) throw error;
        // The server refused the request as a whole. Find the culprit by sending one at a time;
        // a single mutation refused this way is dead-lettered with the server's message.
        if (sendable.length > 1) {
          batchSize = 1;
          continue;
        }
        this.deadLetter(sendable[0]!.entry, (error as AppFailure).code, (error as Error).message);
        continue;
      }
      // A crash here (the server applied, the client has not recorded it) is what mutationIds are for:
      // the entries stay in the outbox, the next push answers `duplicate`.
      faultPoint('client.push.after-reply');
      const settled = this.settle(sendable, results);
      // An answer that settles nothing would make this loop resend the same batch forever.
      if (settled === 0) throw new AppFailure('INTERNAL', 'The server answered the push without results for its mutations');
    }
  }

  /** Records the server's answers in one transaction; features hear about problems after commit. Returns how many were settled. */
  private settle(sent: { entry: OutboxEntry; mutation: Mutation }[], results: PushResult[]): number {
    const { db } = this.options;
    const byId = new Map(results.map((result) => [result.mutationId, result]));
    const rejected: RejectedWrite[] = [];
    const conflicts: ConflictNotice[] = [];
    const restored: Change[] = [];
    const now = this.now().toISOString();
    const remove = db.prepare('DELETE FROM outbox WHERE mutation_id = ?');
    let settled = 0;
    db.transaction(() => {
      for (const { entry, mutation } of sent) {
        const result = byId.get(entry.mutationId);
        if (!result) continue; // no answer: stays pending, pushed again next time
        settled++;
        const ref = { collection: entry.collection, entityId: entry.entityId, mutationId: entry.mutationId };
        if (result.status === 'applied' || result.status === 'duplicate') {
          remove.run(entry.mutationId);
        } else if (result.status === 'conflict') {
          moveToConflicts(db, entry, mutation.patch, result, now);
          conflicts.push({ ...ref, fields: result.conflictFields ?? [] });
        } else {
          const error = result.error ?? { code: 'REJECTED', message: 'Rejected by the server' };
          moveToDeadLetters(db, entry, error.code, error.message, now);
          rejected.push({ ...ref, code: error.code, reason: error.message, localized: error.localized });
        }
        if (result.status === 'conflict' || result.status === 'rejected') {
          const change = this.restoreServerCopy(entry, result);
          if (change) restored.push(change);
        }
      }
    }).immediate();
    if (restored.length > 0) this.emit('changed', restored);
    for (const notice of rejected) this.emit('rejected', notice);
    for (const notice of conflicts) this.emit('conflict', notice);
    this.update({});
    return settled;
  }

  /**
   * After a conflict or rejection the local row holds a version the server does not have. Put the
   * server's copy back (unless later writes to the entity are still pending: their own answers
   * will bring it up to date). The agent's version is kept in the conflict or dead-letter list.
   */
  private restoreServerCopy(entry: OutboxEntry, result: PushResult): Change | undefined {
    if (result.serverValue === undefined || this.hasPending(entry.collection, entry.entityId)) return undefined;
    const change: Change = {
      collection: entry.collection as Collection,
      id: entry.entityId,
      rev: result.rev ?? 0,
      deleted: result.serverValue === null,
      data: result.serverValue,
    };
    this.applyChange(change);
    return change;
  }

  /**
   * Writes a pulled page and the cursor that covers it in one transaction: a crash between the two
   * can neither skip changes nor apply them twice. The page is first applied without a savepoint
   * per change, because FTS5 writes its pending index to disk at every savepoint: 50,000 articles
   * became 50,000 index segments to merge, a third of an initial sync. Should any change fail, that
   * transaction rolls back whole and the page is applied again with each change in its own
   * savepoint, so the unreadable document is skipped and the rest land (a failure that is not a
   * document's, such as a full disk, fails the second attempt too and is thrown).
   */
  private applyPulledPage(page: PullPage): Change[] {
    try {
      return this.applyPageTransaction.immediate(page, false);
    } catch {
      return this.applyPageTransaction.immediate(page, true);
    }
  }

  /**
   * Applies one server document through its feature's applier. A document this build cannot read
   * is logged and left out rather than thrown: one bad document must never stop every later pull
   * (and with it all sync) for this agent. Its next version is pulled and applied as usual.
   */
  private applyChange(change: Change): boolean {
    const applier = this.options.appliers[change.collection];
    if (!applier) return true;
    try {
      this.applyInSavepoint(applier, change);
      return true;
    } catch (error) {
      this.options.log.warn({ collection: change.collection, id: change.id, rev: change.rev, err: error }, 'pulled document could not be applied; skipped');
      return false;
    }
  }

  private deadLetter(entry: OutboxEntry, code: string, reason: string): void {
    const { db } = this.options;
    const now = this.now().toISOString();
    if (db.inTransaction) moveToDeadLetters(db, entry, code, reason, now);
    else db.transaction(() => moveToDeadLetters(db, entry, code, reason, now)).immediate();
    this.options.log.warn({ mutationId: entry.mutationId, collection: entry.collection, code, reason }, 'write moved to the dead-letter list');
    queueMicrotask(() => this.emit('rejected', { collection: entry.collection, entityId: entry.entityId, mutationId: entry.mutationId, code, reason }));
  }

  // ---- pull ---------------------------------------------------------------------------------

  private async pullAll(): Promise<void> {
    const { db, api } = this.options;
    const pageSize = this.options.pageSize ?? 1000;
    let cursor = Number(readValue(db, 'sync_state', 'pull_cursor') ?? 0);
    let next = api.pull(cursor, pageSize);
    for (;;) {
      const page = await next;
      const knownEpoch = readValue(db, 'sync_state', 'epoch');
      if (knownEpoch && knownEpoch !== page.epoch && cursor > 0) {
        // The server's history changed (restored from a backup): our cursor means nothing there.
        // Start again from zero; the outbox is untouched, so every pending write is still pushed.
        db.transaction(() => {
          writeValue(db, 'sync_state', 'pull_cursor', '0');
          writeValue(db, 'sync_state', 'epoch', page.epoch);
          writeValue(db, 'sync_state', 'resynced_at', this.now().toISOString());
        }).immediate();
        this.options.log.warn({ from: knownEpoch, to: page.epoch }, 'server epoch changed: full resync');
        cursor = 0;
        next = api.pull(0, pageSize);
        continue;
      }
      // Fetch the next page while this one is written: the network and the disk work side by side.
      if (page.hasMore) {
        next = api.pull(page.cursor, pageSize);
        next.catch(() => {}); // awaited on the next turn; a failure then ends the run
      }
      const applied = this.applyPulledPage(page);
      cursor = page.cursor;
      if (applied.length > 0) this.emit('changed', applied);
      if (!page.hasMore) return;
    }
  }

  private pendingEntities(): Set<string> {
    const rows = this.options.db.prepare('SELECT DISTINCT collection, entity_id AS id FROM outbox').all() as { collection: string; id: string }[];
    return new Set(rows.map((row) => `${row.collection}/${row.id}`));
  }

  private hasPending(collection: string, entityId: string): boolean {
    return this.options.db.prepare('SELECT 1 FROM outbox WHERE collection = ? AND entity_id = ? LIMIT 1').get(collection, entityId) !== undefined;
  }

  // ---- dead letters and conflicts -------------------------------------------------------------

  listDeadLetters() {
    return listDeadLetters(this.options.db);
  }

  listConflicts() {
    return listConflicts(this.options.db);
  }

  /** Sends a refused write again as a new outbox entry, with the agent's fixed patch if given. */
  resubmitDeadLetter(mutationId: string, fixedPatch?: Record<string, unknown>): SyncStatus {
    const { db } = this.options;
    const letter = findDeadLetter(db, mutationId);
    if (!letter) throw new AppFailure('NOT_FOUND', 'No such refused write');
    const collection = letter.collection as Collection;
    const op = letter.op as MutationOp;
    const patch = fixedPatch ?? letter.patch;
    db.transaction(() => {
      this.writeLocal(collection, letter.entityId, op, patch, letter.baseRev ?? 0, null);
      enqueueMutation(db, { collection, entityId: letter.entityId, op, patch, baseRev: letter.baseRev });
      deleteDeadLetter(db, mutationId);
    }).immediate();
    this.update({});
    return this.getStatus();
  }

  /** Gives up a refused write because the agent said so; the audit log keeps what was given up. */
  discardDeadLetter(mutationId: string): SyncStatus {
    const { db } = this.options;
    const letter = findDeadLetter(db, mutationId);
    if (!letter) throw new AppFailure('NOT_FOUND', 'No such refused write');
    db.transaction(() => {
      db.prepare('INSERT INTO audit_log (at, actor, action, target, reason) VALUES (?, ?, ?, ?, ?)').run(
        this.now().toISOString(),
        this.options.actor ?? 'agent',
        'sync.discard',
        `${letter.collection}/${letter.entityId}`,
        JSON.stringify({ code: letter.code, reason: letter.reason, op: letter.op, patch: letter.patch }).slice(0, 4000),
      );
      deleteDeadLetter(db, mutationId);
    }).immediate();
    this.update({});
    return this.getStatus();
  }

  /**
   * Applies the agent's choice per contested field: "mine" fields and the agent's uncontested
   * fields are sent again, based on the server's rev; "theirs" fields keep the server's value.
   */
  resolveConflict(mutationId: string, choices: Record<string, 'mine' | 'theirs'>): SyncStatus {
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
    this.update({});
    return this.getStatus();
  }

  /** The feature's writer if it registered one; otherwise the applier with the merged document. */
  private writeLocal(collection: Collection, entityId: string, op: MutationOp, patch: Record<string, unknown>, rev: number, base: Record<string, unknown> | null): void {
    const writer = this.localWriters[collection];
    if (writer) return writer(this.options.db, entityId, op, patch);
    // Without a feature writer, the pull applier stands in (a partial document it cannot read is skipped).
    if (op === 'delete') this.applyChange({ collection, id: entityId, rev, deleted: true, data: null });
    else if (op === 'create') this.applyChange({ collection, id: entityId, rev, deleted: false, data: patch });
    else if (op === 'update' && base) this.applyChange({ collection, id: entityId, rev, deleted: false, data: { ...base, ...patch } });
  }

  // ---- status -------------------------------------------------------------------------------

  private clientId(): string {
    const { db } = this.options;
    let id = readValue(db, 'sync_state', 'client_id');
    if (!id) {
      id = newClientId();
      writeValue(db, 'sync_state', 'client_id', id);
    }
    return id;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private refreshCounts(): void {
    if (!this.options.db.open) return;
    const row = this.options.db.prepare('SELECT COUNT(*) AS pending, MIN(created_at) AS oldest FROM outbox').get() as {
      pending: number;
      oldest: string | null;
    };
    this.status.pending = row.pending;
    this.status.oldestPendingAt = row.oldest;
    Object.assign(this.status, countIssues(this.options.db));
  }

  private update(patch: Partial<SyncStatus>): void {
    this.refreshCounts();
    this.status = { ...this.status, ...patch };
    this.emit('status', this.getStatus());
  }
}
