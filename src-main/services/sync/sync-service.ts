import { EventEmitter } from 'node:events';
import type { SyncStatus } from '../../../src-shared/ipc/sync.js';
import { AppFailure } from '../../../src-shared/result.js';
import type { Change, Collection } from '../../../src-shared/sync/protocol.js';
import type { ApiClient } from '../api/api-client.js';
import type { Logger } from '../log.js';
import { readValue, writeValue } from '../store/key-value.js';
import type { Db } from '../store/open-store.js';
import type { ChangeAppliers } from './change-appliers.js';
import { EventStream } from './event-stream.js';
import { onLocalWrite, outboxBacklog } from './outbox.js';
import { SyncPass, type ConflictNotice, type RejectedWrite } from './sync-pass.js';
import { SyncScheduler, type PassOutcome } from './sync-scheduler.js';
import type { PersonalKeys } from './issue-masking.js';
import { countIssues, SyncIssues, type IssueDescriber, type LocalWriter } from './sync-issues.js';

export type { ConflictNotice, RejectedWrite } from './sync-pass.js';

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
 * Keeps the local store in step with the central API. The UI never waits on it: it reads the
 * store and listens for `status`, `changed`, `rejected` and `conflict` events.
 *
 * The engine in three parts: the scheduler decides when (sync-scheduler.ts), a pass pushes and
 * pulls (sync-pass.ts), and the agent's fixes for what the server refused or contested go through
 * sync-issues.ts. This class wires them together and keeps the status the UI shows.
 */
export class SyncService extends EventEmitter<SyncEvents> {
  private status: SyncStatus;
  private readonly scheduler: SyncScheduler;
  private readonly pass: SyncPass;
  private readonly issues: SyncIssues;
  private readonly beforePush: (() => Promise<unknown>)[] = [];
  private readonly stream: EventStream | undefined;
  private stopListening: (() => void) | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: SyncServiceOptions) {
    super();
    const now = (this.now = () => options.now?.() ?? new Date());
    this.pass = new SyncPass({
      ...options,
      now,
      beforePush: this.beforePush,
      listener: {
        changed: (changes) => this.emit('changed', changes),
        rejected: (notice) => this.emit('rejected', notice),
        conflict: (notice) => this.emit('conflict', notice),
        settled: () => this.update({}),
      },
    });
    this.issues = new SyncIssues({ db: options.db, actor: options.actor ?? 'agent', now, applyChange: (change) => this.pass.applyChange(change) });
    this.scheduler = new SyncScheduler({
      ...options,
      now,
      run: () => this.runPass(),
      onBackoff: (at) => this.update({ nextAttemptAt: at.toISOString() }),
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
          this.scheduler.resetBackoff(); // back online: no reason to keep backing off
          this.scheduler.wake();
        },
        onPoke: () => this.scheduler.wake(),
        onClose: () => this.scheduler.wake(), // find out at once whether the server is gone
      });
    }
  }

  /** Starts (or, after stop(), restarts: training stops sync while the sandbox is the store) the loop. */
  start(): void {
    if (this.scheduler.isStarted) return;
    this.stopListening = onLocalWrite(this.options.db, () => this.notifyLocalWrite());
    this.stream?.start();
    this.scheduler.start();
  }

  /** Stops waking and waits for a run in progress, so the caller may close the database afterwards. */
  async stop(): Promise<void> {
    const stopping = this.scheduler.stop();
    this.stopListening?.();
    this.stream?.stop();
    await stopping;
  }

  getStatus(): SyncStatus {
    return { ...this.status };
  }

  /** A feature's local-row writer for resolved conflicts and resubmitted fixes (see LocalWriter). */
  registerLocalWriter(collection: Collection, writer: LocalWriter): void {
    this.issues.registerLocalWriter(collection, writer);
  }

  /** Work a feature needs done before each push, e.g. uploading attachment bytes the push references. A failure stops the run like a failed push. */
  registerBeforePush(task: () => Promise<unknown>): void {
    this.beforePush.push(task);
  }

  /** Debounced wake after an agent's write (enqueueMutation calls it through onLocalWrite). */
  notifyLocalWrite(): void {
    if (!this.scheduler.isStarted) return;
    this.update({});
    this.scheduler.wakeSoon();
  }

  /** The host learned the network is back (e.g. the renderer's `online` event). */
  notifyOnline(): void {
    this.scheduler.resetBackoff();
    this.scheduler.wake();
  }

  /** Runs a full pass that starts now (or right after the one in progress) and returns the resulting status. */
  async syncNow(): Promise<SyncStatus> {
    await this.scheduler.runNow();
    return this.getStatus();
  }

  /** The refused writes, masked for the agent's eyes. */
  listDeadLetters() {
    return this.issues.visibleDeadLetters();
  }

  /** The conflicts, masked for the agent's eyes. */
  listConflicts() {
    return this.issues.visibleConflicts();
  }

  /** Which keys of a collection's documents hold personal data (see issue-masking.ts). */
  registerPersonalKeys(collection: Collection, kindOf: PersonalKeys): void {
    this.issues.registerPersonalKeys(collection, kindOf);
  }

  /** A feature's way of putting its sync problems in the agent's words (see IssueDescriber). */
  registerDescriber(collection: Collection, describer: IssueDescriber): void {
    this.issues.registerDescriber(collection, describer);
  }

  /** Sends a refused write again as a new outbox entry, with the agent's fixed patch if given. */
  resubmitDeadLetter(mutationId: string, fixedPatch?: Record<string, unknown>): SyncStatus {
    this.issues.resubmitDeadLetter(mutationId, fixedPatch);
    this.update({});
    return this.getStatus();
  }

  /** Gives up a refused write because the agent said so; the audit log keeps what was given up. */
  discardDeadLetter(mutationId: string): SyncStatus {
    this.issues.discardDeadLetter(mutationId);
    this.update({});
    return this.getStatus();
  }

  /** Applies the agent's choice per contested field (see SyncIssues.resolveConflict). */
  resolveConflict(mutationId: string, choices: Record<string, 'mine' | 'theirs'>): SyncStatus {
    this.issues.resolveConflict(mutationId, choices);
    this.update({});
    return this.getStatus();
  }

  private async runPass(): Promise<PassOutcome> {
    this.update({ syncing: true });
    try {
      await this.pass.run();
      const at = this.now().toISOString();
      writeValue(this.options.db, 'sync_state', 'last_sync_at', at);
      this.update({ online: true, syncing: false, lastSyncAt: at, lastError: null, nextAttemptAt: null });
      return 'succeeded';
    } catch (error) {
      if (this.scheduler.isStopped || !this.options.db.open) return 'abandoned';
      const offline = error instanceof AppFailure && error.code === 'SERVER_UNREACHABLE';
      if (!offline) this.options.log.warn({ err: error }, 'sync failed');
      this.update({ online: !offline && this.status.online, syncing: false, lastError: (error as Error).message });
      return 'failed';
    }
  }

  private refreshCounts(): void {
    if (!this.options.db.open) return;
    Object.assign(this.status, outboxBacklog(this.options.db), countIssues(this.options.db));
  }

  private update(patch: Partial<SyncStatus>): void {
    this.refreshCounts();
    this.status = { ...this.status, ...patch };
    this.emit('status', this.getStatus());
  }
}
