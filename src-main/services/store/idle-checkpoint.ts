import type { Db } from './open-store.js';

/**
 * How often a signed-in session folds the WAL into the store. SQLite would otherwise do it inside
 * whichever commit crosses its threshold, so one ticket write in a few dozen paid for copying a
 * thousand pages (measured: ~20 % of the write time, clear or encrypted). Between ticks only a few
 * seconds of writes accumulate, so each tick is short.
 */
export const IDLE_CHECKPOINT_MS = 5_000;

/** Runs a PASSIVE checkpoint (never waits for a reader) on the current store every few seconds. */
export function startIdleCheckpoints(currentDb: () => Db | undefined, everyMs = IDLE_CHECKPOINT_MS): NodeJS.Timeout {
  return setInterval(() => {
    const db = currentDb();
    if (db?.open) db.pragma('wal_checkpoint(PASSIVE)');
  }, everyMs).unref();
}
