import { backoffDelay } from './backoff.js';

/** How a pass ended: `abandoned` is a pass cut short by stop() (or a closed store), which is nobody's failure. */
export type PassOutcome = 'succeeded' | 'failed' | 'abandoned';

export interface SyncSchedulerOptions {
  /** One sync pass; the scheduler never runs two at once. */
  run: () => Promise<PassOutcome>;
  /** How often to sync when nothing wakes the engine (and the base of the backoff after failures). */
  intervalMs?: number;
  /** A local write wakes the engine after this quiet period, so a burst of typing is one push. */
  writeDebounceMs?: number;
  maxBackoffMs?: number;
  random?: () => number;
  now: () => Date;
  /** The scheduler is backing off after failures and tries again at this time. */
  onBackoff: (nextAttemptAt: Date) => void;
}

/**
 * When the engine syncs. Wakes on a local write (debounced), a server poke, the event stream
 * reconnecting (coming back online), "sync now" and a timer; after failures the timer backs off
 * with jitter up to 60 s. A wake during a pass makes the loop run again right after — it never
 * waits for another write.
 */
export class SyncScheduler {
  private timer: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;
  private again = false;
  private failures = 0;
  /** Wakes and timers run only between start() and stop(); runNow() works before start() too. */
  private started = false;
  private stopped = false;

  constructor(private readonly options: SyncSchedulerOptions) {}

  get isStarted(): boolean {
    return this.started;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  start(): void {
    this.stopped = false;
    this.started = true;
    this.wake();
  }

  /** Stops waking and waits for a pass in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.started = false;
    clearTimeout(this.timer);
    clearTimeout(this.debounce);
    await this.loop?.catch(() => {});
  }

  /** A pass starts now, or right after the one in progress. */
  wake(explicit = false): void {
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

  /** A pass after the write debounce, restarted by every write in between. */
  wakeSoon(): void {
    if (!this.started) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.wake(), this.options.writeDebounceMs ?? 1_000);
    this.debounce.unref();
  }

  /** The server is reachable again: no reason to keep backing off. */
  resetBackoff(): void {
    this.failures = 0;
  }

  /** A pass that starts now (or right after the one in progress), even before start(); resolves when it is done. */
  async runNow(): Promise<void> {
    // The agent asked: try at once, and if it fails again back off from the first step, not the tenth.
    this.failures = Math.min(this.failures, 1);
    this.wake(true);
    await this.loop;
  }

  private async runLoop(): Promise<void> {
    do {
      this.again = false;
      if (this.stopped) return;
      const outcome = await this.options.run();
      if (outcome === 'succeeded') this.failures = 0;
      else if (outcome === 'failed') this.failures++;
    } while (this.again && !this.stopped && this.failures === 0);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.started) return;
    const interval = this.options.intervalMs ?? 5_000;
    const delay = this.failures > 0 ? backoffDelay(this.failures, interval, this.options.maxBackoffMs ?? 60_000, this.options.random) : interval;
    if (this.failures > 0) this.options.onBackoff(new Date(this.options.now().getTime() + delay));
    this.timer = setTimeout(() => this.wake(), delay);
    this.timer.unref();
  }
}
