import { describe, expect, it } from 'vitest';
import { LoginThrottle, type LoginThrottlePolicy } from '../../../src-server/auth/login-throttle.js';

const policy: LoginThrottlePolicy = { agent: { burst: 3, refillSeconds: 60 }, ip: { burst: 5, refillSeconds: 10 }, blockSeconds: 60, maxBlockSeconds: 300 };

/** Seconds the throttle asks to wait, or 0 when the attempt went ahead. */
function attempt(throttle: LoginThrottle, agentId: string, ip = '10.0.0.1'): number {
  try {
    throttle.take(agentId, ip);
    return 0;
  } catch (error) {
    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    return (error as { options: { retryAfterSeconds: number } }).options.retryAfterSeconds;
  }
}

describe('sign-in throttle', () => {
  it('lets a burst of failures through, then locks the 工号 out for a time that doubles, capped', () => {
    let now = 0;
    const throttle = new LoginThrottle(policy, () => now);
    expect([1, 2, 3].map(() => attempt(throttle, '1001'))).toEqual([0, 0, 0]);
    expect(attempt(throttle, '1001')).toBe(60);
    now = 30_000;
    expect(attempt(throttle, '1001')).toBe(30); // still locked; nothing checked, nothing refilled
    now = 60_000;
    expect(attempt(throttle, '1001')).toBe(0); // one attempt when the lockout ends
    expect(attempt(throttle, '1001')).toBe(120);
    now += 120_000;
    expect(attempt(throttle, '1001')).toBe(0);
    expect(attempt(throttle, '1001')).toBe(240);
    now += 240_000;
    expect(attempt(throttle, '1001')).toBe(0);
    expect(attempt(throttle, '1001')).toBe(300);
  });

  it('keeps one bucket per 工号 (case-insensitive), and gives the attempt back on success', () => {
    const throttle = new LoginThrottle({ ...policy, ip: { burst: 100, refillSeconds: 1 } }, () => 0);
    for (let i = 0; i < 3; i++) expect(attempt(throttle, 'ab01')).toBe(0);
    expect(attempt(throttle, 'AB01')).toBe(60);
    expect(attempt(throttle, '1002')).toBe(0);
    throttle.succeeded('1002', '10.0.0.1');
    for (let i = 0; i < 3; i++) expect(attempt(throttle, '1003')).toBe(0);
    throttle.succeeded('1003', '10.0.0.1');
    expect(attempt(throttle, '1003')).toBe(0); // the success gave one back
    expect(attempt(throttle, '1003')).toBe(60);
  });

  it('limits one address spraying many 工号, and not another address', () => {
    const throttle = new LoginThrottle(policy, () => 0);
    for (let i = 0; i < 5; i++) expect(attempt(throttle, `90${i}`)).toBe(0);
    expect(attempt(throttle, '9999')).toBe(60);
    expect(attempt(throttle, '9999', '10.0.0.2')).toBe(0);
  });

  it('forgives the backoff once the bucket has refilled completely', () => {
    let now = 0;
    const throttle = new LoginThrottle(policy, () => now);
    for (let i = 0; i < 3; i++) attempt(throttle, '1001');
    expect(attempt(throttle, '1001')).toBe(60);
    now = 60_000 + 3 * 60_000; // lockout over, then three refills
    for (let i = 0; i < 3; i++) expect(attempt(throttle, '1001')).toBe(0);
    expect(attempt(throttle, '1001')).toBe(60); // the first lockout again, not the second
  });
});
