import type { RendererLogEntry } from '../../src-shared/ipc/app.js';
import { maskText } from '../../src-shared/privacy/mask.js';
import type { Logger } from '../services/log.js';

export interface RendererLogLimits {
  /** Lines a window may send at once after being quiet. */
  burst: number;
  /** Lines per second a window may send for ever. */
  perSecond: number;
}

export const RENDERER_LOG_LIMITS: RendererLogLimits = { burst: 20, perSecond: 2 };

interface Bucket {
  tokens: number;
  at: number;
  dropped: number;
  report?: ReturnType<typeof setTimeout>;
}

/** Phone, ID and card numbers never reach the log file whole, whatever a renderer sends (the one masker, src-shared/privacy). */
const maskNumbers = maskText;

/**
 * The renderer's lines into main's pino log, through a token bucket per window: a renderer stuck
 * in a failing loop costs a few lines a second, not the disk. What a window loses is not silent:
 * one "N messages dropped" line follows, with its next line that gets through or a second after
 * the first drop, whichever comes first.
 */
export class RendererLog {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly log: Logger,
    private readonly limits: RendererLogLimits = RENDERER_LOG_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** false: over the window's rate, counted and dropped. */
  write(window: string, entry: RendererLogEntry): boolean {
    const now = this.now();
    const bucket = this.buckets.get(window) ?? { tokens: this.limits.burst, at: now, dropped: 0 };
    bucket.tokens = Math.min(this.limits.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limits.perSecond);
    bucket.at = now;
    this.buckets.set(window, bucket);
    if (bucket.tokens < 1) {
      bucket.dropped += 1;
      bucket.report ??= setTimeout(() => this.reportDropped(window), 1000).unref();
      return false;
    }
    bucket.tokens -= 1;
    this.reportDropped(window);
    const fields = { source: 'renderer', window, scope: entry.scope, ...(entry.detail === undefined ? {} : { detail: maskNumbers(entry.detail) }) };
    this.log[entry.level](fields, maskNumbers(entry.message));
    if (this.buckets.size > 1_000) this.forgetQuiet(now);
    return true;
  }

  private reportDropped(window: string): void {
    const bucket = this.buckets.get(window);
    if (!bucket) return;
    clearTimeout(bucket.report);
    bucket.report = undefined;
    if (bucket.dropped === 0) return;
    this.log.warn({ source: 'renderer', window, dropped: bucket.dropped }, `${bucket.dropped} renderer messages dropped (over ${this.limits.perSecond}/s)`);
    bucket.dropped = 0;
  }

  /** Windows gone quiet for a minute are forgotten (their drops reported first). */
  private forgetQuiet(now: number): void {
    for (const [window, bucket] of this.buckets) {
      if (now - bucket.at <= 60_000) continue;
      this.reportDropped(window);
      this.buckets.delete(window);
    }
  }
}
