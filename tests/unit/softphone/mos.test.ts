import { describe, expect, it } from 'vitest';
import { estimateMos, LOW_MOS, MosWatch, mosFromR, rFactor } from '../../../src-shared/softphone/mos.js';

describe('MOS from the E-model', () => {
  it('a clean loopback call scores near the narrow-band maximum', () => {
    const mos = estimateMos({ jitterSeconds: 0.001, lossFraction: 0, roundTripSeconds: 0.002 });
    expect(mos).toBeGreaterThan(4.3);
    expect(mos).toBeLessThanOrEqual(4.5);
  });

  it('a home line with 5 % loss and 300 ms round trip is poor', () => {
    const mos = estimateMos({ jitterSeconds: 0.03, lossFraction: 0.05, roundTripSeconds: 0.3 });
    expect(mos).toBeLessThan(LOW_MOS);
    expect(mos).toBeGreaterThan(1);
  });

  it('gets worse as loss, jitter or delay grow', () => {
    const base = { jitterSeconds: 0.01, lossFraction: 0.01, roundTripSeconds: 0.05 };
    expect(rFactor({ ...base, lossFraction: 0.03 })).toBeLessThan(rFactor(base));
    expect(rFactor({ ...base, jitterSeconds: 0.05 })).toBeLessThan(rFactor(base));
    expect(rFactor({ ...base, roundTripSeconds: 0.5 })).toBeLessThan(rFactor(base));
  });

  it('maps R to MOS at the G.107 anchor points', () => {
    expect(mosFromR(0)).toBe(1);
    expect(mosFromR(100)).toBe(4.5);
    expect(mosFromR(93.2)).toBeCloseTo(4.41, 2);
    expect(mosFromR(50)).toBeCloseTo(2.58, 2);
  });

  it('warns only when quality stays low, and clears when it recovers', () => {
    const watch = new MosWatch(3);
    expect([watch.push(3), watch.push(3.1), watch.push(2.9)]).toEqual([false, false, true]);
    expect(watch.push(4.2)).toBe(false);
    expect(watch.push(3)).toBe(false);
  });
});
