import { EventEmitter } from 'node:events';
import type { SyncStatus } from '../../../src-shared/ipc/sync.js';
import { AppFailure } from '../../../src-shared/result.js';
import type { Change } from '../../../src-shared/sync/protocol.js';
import type { ApiClient } from '../api/api-client.js';
import type { Logger } from '../log.js';
import { readValue, writeValue } from '../store/key-value.js';
import type { Db } from '../store/open-store.js';
import type { ChangeAppliers } from './change-appliers.js';

export interface SyncServiceOptions {
  db: Db;
  api: ApiClient;
  appliers: ChangeAppliers;
  log: Logger;
  /** How often to sync (and so to notice the server went away or came back). */
  intervalMs?: number;
  pageSize?: number;
  now?: () => Date;
  ensureSignedIn?: () => Promise<void>;
}

/**
 * Keeps the local store in step with the central API. The UI never waits on it: it reads the store
 * and listens for `status` and `changed` events.
 */
export class SyncService extends EventEmitter<{ status: [SyncStatus]; changed: [Change[]] }> {
  private status: SyncStatus;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly options: SyncServiceOptions) {
    super();
    this.status = {
      online: false,
      syncing: false,
      pending: 0,
      oldestPendingAt: null,
      lastSyncAt: readValue(options.db, 'sync_state', 'last_sync_at') ?? null,
      lastError: null,
    };
    this.refreshPending();
  }

  start(): void {
    this.stopped = false;
    void this.syncNow();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  getStatus(): SyncStatus {
    return { ...this.status };
  }

  /** Runs one sync now (or joins the one already running) and returns the resulting status. */
  async syncNow(): Promise<SyncStatus> {
    this.running ??= this.runOnce().finally(() => {
      this.running = undefined;
      this.schedule();
    });
    await this.running;
    return this.getStatus();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.syncNow(), this.options.intervalMs ?? 5_000);
    this.timer.unref();
  }

  private async runOnce(): Promise<void> {
    this.update({ syncing: true });
    try {
      await this.options.ensureSignedIn?.();
      await this.pullAll();
      const at = (this.options.now?.() ?? new Date()).toISOString();
      writeValue(this.options.db, 'sync_state', 'last_sync_at', at);
      this.update({ online: true, syncing: false, lastSyncAt: at, lastError: null });
    } catch (error) {
      const offline = error instanceof AppFailure && error.code === 'SERVER_UNREACHABLE';
      if (!offline) this.options.log.warn({ err: error }, 'sync failed');
      this.update({ online: !offline && this.status.online, syncing: false, lastError: (error as Error).message });
    }
  }

  private async pullAll(): Promise<void> {
    const { db, api, appliers } = this.options;
    for (;;) {
      const cursor = Number(readValue(db, 'sync_state', 'pull_cursor') ?? 0);
      const page = await api.pull(cursor, this.options.pageSize ?? 500);
      // The cursor is saved in the same transaction as the changes it covers: a crash between
      // the two can neither skip changes nor apply them twice.
      db.transaction(() => {
        for (const change of page.changes) appliers[change.collection]?.(db, change);
        writeValue(db, 'sync_state', 'pull_cursor', String(page.cursor));
        writeValue(db, 'sync_state', 'epoch', page.epoch);
      }).immediate();
      if (page.changes.length > 0) this.emit('changed', page.changes);
      if (!page.hasMore) return;
    }
  }

  private refreshPending(): void {
    const row = this.options.db.prepare('SELECT COUNT(*) AS pending, MIN(created_at) AS oldest FROM outbox').get() as {
      pending: number;
      oldest: string | null;
    };
    this.status.pending = row.pending;
    this.status.oldestPendingAt = row.oldest;
  }

  private update(patch: Partial<SyncStatus>): void {
    this.refreshPending();
    this.status = { ...this.status, ...patch };
    this.emit('status', this.getStatus());
  }
}
