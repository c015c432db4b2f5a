import type { Transaction } from 'better-sqlite3-multiple-ciphers';
import { AppFailure } from '../../../src-shared/result.js';
import type { Change, Collection, Mutation, PullResponse as PullPage, PushResult } from '../../../src-shared/sync/protocol.js';
import { MAX_MUTATIONS_PER_PUSH } from '../../../src-shared/sync/protocol.js';
import { faultPoint } from '../../../src-node/fault-points.js';
import type { ApiClient } from '../api/api-client.js';
import type { Logger } from '../log.js';
import { readValue, writeValue } from '../store/key-value.js';
import type { Db } from '../store/open-store.js';
import type { ChangeApplier, ChangeAppliers } from './change-appliers.js';
import { hasPendingWrite, newClientId, pendingEntityKeys, readOutbox, removeFromOutbox, toWireMutation, upgradeOutbox, type OutboxEntry } from './outbox.js';
import { moveToConflicts, moveToDeadLetters } from './sync-issues.js';

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

/** What a pass tells the engine as it goes; all of it after the transaction it describes has committed. */
export interface SyncPassListener {
  changed(changes: Change[]): void;
  /** The server refused a write; it is in the dead-letter list. */
  rejected(notice: RejectedWrite): void;
  conflict(notice: ConflictNotice): void;
  /** Push answers were recorded: the outbox and the issue lists changed. */
  settled(): void;
}

export interface SyncPassOptions {
  db: Db;
  api: ApiClient;
  appliers: ChangeAppliers;
  log: Logger;
  pageSize?: number;
  pushBatchSize?: number;
  now: () => Date;
  ensureSignedIn?: () => Promise<void>;
  /** Work features need done before each push (see SyncService.registerBeforePush). */
  beforePush: readonly (() => Promise<unknown>)[];
  listener: SyncPassListener;
}

/**
 * One sync pass: push the outbox in order (batched), then pull until the server has nothing more.
 * It throws when the pass cannot finish (server away, a refused request it cannot narrow down);
 * whether and when to try again is the scheduler's business.
 */
export class SyncPass {
  /** One pulled change in its own savepoint (one unreadable document is skipped, not the page). */
  private readonly applyInSavepoint: (applier: ChangeApplier, change: Change) => void;
  /** One pulled page and the cursor that covers it, in one transaction (see applyPulledPage). */
  private readonly applyPageTransaction: Transaction<(page: PullPage, isolateChanges: boolean) => Change[]>;

  constructor(private readonly options: SyncPassOptions) {
    const { db } = options;
    this.applyInSavepoint = db.transaction((applier: ChangeApplier, change: Change) => applier(db, change));
    this.applyPageTransaction = db.transaction((page: PullPage, isolateChanges: boolean) => {
      const pending = pendingEntityKeys(db);
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
  }

  /** Runs the pass; returns when the outbox is empty (or holds only entries the server has not answered) and the pull is complete. */
  async run(): Promise<void> {
    await this.options.ensureSignedIn?.();
    upgradeOutbox(this.options.db, (entry, code, reason) => this.deadLetter(entry, code, reason));
    for (const task of this.options.beforePush) await task();
    await this.pushAll();
    await this.pullAll();
  }

  /**
   * Applies one server document through its feature's applier. A document this build cannot read
   * is logged and left out rather than thrown: one bad document must never stop every later pull
   * (and with it all sync) for this agent. Its next version is pulled and applied as usual.
   */
  applyChange(change: Change): boolean {
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
    const { db, listener } = this.options;
    const byId = new Map(results.map((result) => [result.mutationId, result]));
    const rejected: RejectedWrite[] = [];
    const conflicts: ConflictNotice[] = [];
    const restored: Change[] = [];
    const now = this.options.now().toISOString();
    let settled = 0;
    db.transaction(() => {
      for (const { entry, mutation } of sent) {
        const result = byId.get(entry.mutationId);
        if (!result) continue; // no answer: stays pending, pushed again next time
        settled++;
        const ref = { collection: entry.collection, entityId: entry.entityId, mutationId: entry.mutationId };
        if (result.status === 'applied' || result.status === 'duplicate') {
          removeFromOutbox(db, entry.mutationId);
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
    if (restored.length > 0) listener.changed(restored);
    for (const notice of rejected) listener.rejected(notice);
    for (const notice of conflicts) listener.conflict(notice);
    listener.settled();
    return settled;
  }

  /**
   * After a conflict or rejection the local row holds a version the server does not have. Put the
   * server's copy back (unless later writes to the entity are still pending: their own answers
   * will bring it up to date). The agent's version is kept in the conflict or dead-letter list.
   */
  private restoreServerCopy(entry: OutboxEntry, result: PushResult): Change | undefined {
    if (result.serverValue === undefined || hasPendingWrite(this.options.db, entry.collection, entry.entityId)) return undefined;
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

  private deadLetter(entry: OutboxEntry, code: string, reason: string): void {
    const { db } = this.options;
    const now = this.options.now().toISOString();
    if (db.inTransaction) moveToDeadLetters(db, entry, code, reason, now);
    else db.transaction(() => moveToDeadLetters(db, entry, code, reason, now)).immediate();
    this.options.log.warn({ mutationId: entry.mutationId, collection: entry.collection, code, reason }, 'write moved to the dead-letter list');
    queueMicrotask(() => this.options.listener.rejected({ collection: entry.collection, entityId: entry.entityId, mutationId: entry.mutationId, code, reason }));
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
          writeValue(db, 'sync_state', 'resynced_at', this.options.now().toISOString());
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
      if (applied.length > 0) this.options.listener.changed(applied);
      if (!page.hasMore) return;
    }
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

  private clientId(): string {
    const { db } = this.options;
    let id = readValue(db, 'sync_state', 'client_id');
    if (!id) {
      id = newClientId();
      writeValue(db, 'sync_state', 'client_id', id);
    }
    return id;
  }
}
