import { describe, expect, it } from 'vitest';
import type { CallMediaStats } from '../../../src-renderer/features/softphone/line.js';
import { QualityMonitor, type Every, type Quality } from '../../../src-renderer/features/softphone/quality-monitor.js';

/** A hand-stepped interval: tests fire the monitor's timer themselves. */
function manualTimer() {
  const timer = { task: undefined as (() => void) | undefined, ms: 0, cancelled: 0 };
  const every: Every = (task, ms) => {
    timer.task = task;
    timer.ms = ms;
    return () => {
      timer.cancelled += 1;
      timer.task = undefined;
    };
  };
  return { timer, every };
}

/** Cumulative inbound-rtp counters as getStats() reports them: 50 packets a second (20 ms frames). */
function link() {
  let received = 0;
  let lost = 0;
  return {
    /** Two seconds of audio with this share of packets lost. */
    next(lossShare: number, jitter = 0.004, roundTripTime = 0.04): CallMediaStats {
      const packets = 100;
      lost += Math.round(packets * lossShare);
      received += packets - Math.round(packets * lossShare);
      return { bytesReceived: received * 160, bytesSent: received * 160, packetsReceived: received, packetsLost: lost, jitter, roundTripTime };
    },
  };
}

async function run(samples: CallMediaStats[]) {
  const seen: Quality[] = [];
  const queue = [...samples];
  const monitor = new QualityMonitor({ stats: async () => queue.shift(), onQuality: (quality) => seen.push(quality) });
  monitor.start();
  for (let i = 0; i < samples.length; i++) await monitor.sample();
  monitor.stop();
  return seen;
}

describe('live call quality for a home agent', () => {
  it('a clean line (4 ms jitter, 40 ms round trip, no loss) scores above 4 and never warns', async () => {
    const net = link();
    const seen = await run([net.next(0), net.next(0), net.next(0), net.next(0)]);
    expect(seen).toHaveLength(4);
    for (const quality of seen) {
      expect(quality.mos).toBeGreaterThan(4);
      expect(quality.low).toBe(false);
    }
  });

  it('warns only after three consecutive poor samples (20 % loss), and clears when the line recovers', async () => {
    const net = link();
    const seen = await run([net.next(0.2), net.next(0.2), net.next(0.2), net.next(0.2), net.next(0)]);
    expect(seen.map((quality) => quality.low)).toEqual([false, false, true, true, false]);
    expect(seen[0]!.mos).toBeLessThan(3.5);
    expect(seen[4]!.mos).toBeGreaterThan(4);
  });

  it('scores each interval on its own: after one burst of loss the next clean interval scores clean again', async () => {
    const net = link();
    const seen = await run([net.next(0), net.next(0.3), net.next(0), net.next(0)]);
    expect(seen[1]!.mos).toBeLessThan(3);
    expect(seen[2]!.mos).toBeGreaterThan(4);
    expect(seen.some((quality) => quality.low)).toBe(false);
  });

  it('high jitter and a long round trip alone also lower the score', async () => {
    const net = link();
    const [clean] = await run([net.next(0)]);
    const [slow] = await run([link().next(0, 0.08, 0.6)]);
    expect(slow!.mos).toBeLessThan(clean!.mos! - 0.5);
  });

  it('samples every 2 s on its timer until stopped; a figure arriving after the call ended is dropped', async () => {
    const { timer, every } = manualTimer();
    const seen: Quality[] = [];
    let release: (stats: CallMediaStats) => void = () => {};
    const monitor = new QualityMonitor({
      stats: () => new Promise<CallMediaStats>((resolve) => (release = resolve)),
      onQuality: (quality) => seen.push(quality),
      every,
    });
    monitor.start();
    monitor.start();
    expect(timer.ms).toBe(2_000);
    timer.task!();
    const first = release;
    first(link().next(0));
    await Promise.resolve();
    await Promise.resolve();
    expect(seen).toHaveLength(1);

    timer.task!();
    const late = release;
    monitor.stop();
    expect(timer.cancelled).toBe(1);
    expect(timer.task).toBeUndefined();
    late(link().next(0));
    await Promise.resolve();
    await Promise.resolve();
    expect(seen).toHaveLength(1);
  });

  it('a line without media figures (no peer connection yet) reports nothing', async () => {
    const seen: Quality[] = [];
    const monitor = new QualityMonitor({ stats: () => undefined, onQuality: (quality) => seen.push(quality) });
    monitor.start();
    await monitor.sample();
    monitor.stop();
    expect(seen).toEqual([]);
  });
});
