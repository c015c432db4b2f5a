import { HttpError } from './http-errors.js';

export interface RateLimitOptions {
  /** Sustained requests per second per agent. */
  perSecond: number;
  /** Requests an agent may make at once after being idle. */
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perSecond: 30, burst: 120 };

/**
 * A token bucket per agent, kept in this process. With several API processes each keeps its own,
 * which bounds a runaway client per process — enough to protect the database from one broken workstation.
 */
export class AgentRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  take(agentId: string): void {
    const now = this.now();
    const bucket = this.buckets.get(agentId) ?? { tokens: this.options.burst, at: now };
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.options.perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.buckets.set(agentId, bucket);
      throw new HttpError(429, 'RATE_LIMITED', 'Too many requests from this agent; retry shortly');
    }
    bucket.tokens -= 1;
    this.buckets.set(agentId, bucket);
    if (this.buckets.size > 10_000) this.forgetIdle(now);
  }

  private forgetIdle(now: number): void {
    for (const [agentId, bucket] of this.buckets) if (now - bucket.at > 60_000) this.buckets.delete(agentId);
  }
}
