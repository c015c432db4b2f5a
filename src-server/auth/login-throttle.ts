import { HttpError } from '../http-errors.js';

export interface BucketPolicy {
  /** Attempts allowed at once after being idle. */
  burst: number;
  /** One attempt comes back every this many seconds. */
  refillSeconds: number;
}

export interface LoginThrottlePolicy {
  /** Per 工号 (known or not): what a guesser of one account gets. */
  agent: BucketPolicy;
  /** Per client address: what a sprayer of many 工号 gets. A centre's NAT puts hundreds of agents behind one address, hence larger. */
  ip: BucketPolicy;
  /** The first lockout when a bucket runs dry; each further one doubles, up to `maxBlockSeconds`. */
  blockSeconds: number;
  maxBlockSeconds: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottlePolicy = {
  agent: { burst: 30, refillSeconds: 60 },
  ip: { burst: 300, refillSeconds: 6 },
  blockSeconds: 60,
  maxBlockSeconds: 3600,
};

interface Bucket {
  tokens: number;
  at: number;
  /** Lockouts since the last success (or since the bucket was last full): the backoff's exponent. */
  strikes: number;
  blockedUntil: number;
}

/**
 * Token buckets for `/v1/auth/login`, kept in this process. An attempt takes a token from the
 * 工号's bucket and from the address's; a successful sign-in gives both back, so only failures
 * count. A dry bucket locks its key out for a time that doubles with each lockout, and during a
 * lockout no password is checked at all (429 with Retry-After). Several API processes each keep
 * their own buckets: an attacker spread over N processes gets N times the budget, still bounded.
 */
export class LoginThrottle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly policy: LoginThrottlePolicy = DEFAULT_LOGIN_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one attempt for the agent and the address, or throws 429 naming when to come back. */
  take(agentId: string, ip: string): void {
    const now = this.now();
    const keys = [this.entry(`agent:${agentId.toLowerCase()}`, this.policy.agent, now), this.entry(`ip:${ip}`, this.policy.ip, now)];
    const waits = keys.map(({ bucket, policy }) => this.waitSeconds(bucket, policy, now));
    const wait = Math.max(...waits);
    if (wait > 0) throw tooManyAttempts(wait);
    for (const { bucket } of keys) bucket.tokens -= 1;
    if (this.buckets.size > 50_000) this.forgetIdle();
  }

  /** A correct password: the attempt is given back and the backoff starts over. */
  succeeded(agentId: string, ip: string): void {
    const now = this.now();
    for (const [key, policy] of [[`agent:${agentId.toLowerCase()}`, this.policy.agent], [`ip:${ip}`, this.policy.ip]] as const) {
      const { bucket } = this.entry(key, policy, now);
      bucket.tokens = Math.min(policy.burst, bucket.tokens + 1);
      bucket.strikes = 0;
    }
  }

  private entry(key: string, policy: BucketPolicy, now: number): { bucket: Bucket; policy: BucketPolicy } {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: policy.burst, at: now, strikes: 0, blockedUntil: 0 };
      this.buckets.set(key, bucket);
    }
    if (now > bucket.at) {
      bucket.tokens = Math.min(policy.burst, bucket.tokens + (now - bucket.at) / (policy.refillSeconds * 1000));
      bucket.at = now;
    }
    if (bucket.tokens >= policy.burst) bucket.strikes = 0; // idle long enough to be forgiven
    return { bucket, policy };
  }

  /** 0 when an attempt may go ahead; otherwise the seconds until it may, starting a lockout if the bucket just ran dry. */
  private waitSeconds(bucket: Bucket, policy: BucketPolicy, now: number): number {
    if (now < bucket.blockedUntil) return Math.ceil((bucket.blockedUntil - now) / 1000);
    if (bucket.tokens >= 1) return 0;
    const blockMs = Math.min(this.policy.maxBlockSeconds, this.policy.blockSeconds * 2 ** bucket.strikes) * 1000;
    bucket.strikes += 1;
    bucket.blockedUntil = now + blockMs;
    // Nothing refills during the lockout; when it ends exactly one attempt is there.
    bucket.tokens = 0;
    bucket.at = bucket.blockedUntil - policy.refillSeconds * 1000;
    return Math.ceil(blockMs / 1000);
  }

  private forgetIdle(): void {
    const now = this.now();
    for (const [key, bucket] of this.buckets) {
      const policy = key.startsWith('ip:') ? this.policy.ip : this.policy.agent;
      const full = bucket.tokens + (now - bucket.at) / (policy.refillSeconds * 1000) >= policy.burst;
      if (full && now >= bucket.blockedUntil) this.buckets.delete(key);
    }
  }
}

export const tooManyAttempts = (seconds: number) =>
  new HttpError(429, 'RATE_LIMITED', `登录尝试过多，请 ${seconds} 秒后再试 / Too many sign-in attempts; try again in ${seconds} s`, { retryAfterSeconds: seconds });
