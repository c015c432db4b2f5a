import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SyncScheduler, type PassOutcome } from '../../../src-main/services/sync/sync-scheduler.js';

/** A pass the test finishes by hand, so "a wake while a pass runs" is a fact, not a race. */
function passes() {
  const started: ((outcome: PassOutcome) => void)[] = [];
  const run = () => new Promise<PassOutcome>((resolve) => started.push(resolve));
  return { run, started, finish: (outcome: PassOutcome) => started[started.length - 1]!(outcome) };
}

describe('when the sync engine runs', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-12-03T09:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function scheduler(run: () => Promise<PassOutcome>) {
    const backoffs: string[] = [];
    const scheduler = new SyncScheduler({
      run,
      intervalMs: 1_000,
      writeDebounceMs: 300,
      maxBackoffMs: 5_000,
      random: () => 1, // the top of the jitter range: the ceiling itself
      now: () => new Date(),
      onBackoff: (at) => backoffs.push(at.toISOString()),
    });
    return { scheduler, backoffs };
  }

  it('a wake during a pass runs one more pass right after it, not one per wake', async () => {
    const pass = passes();
    const { scheduler: s } = scheduler(pass.run);
    s.start();
    expect(pass.started).toHaveLength(1);
    s.wake();
    s.wake();
    pass.finish('succeeded');
    await vi.advanceTimersByTimeAsync(0);
    expect(pass.started).toHaveLength(2);
    pass.finish('succeeded');
    await vi.advanceTimersByTimeAsync(999);
    expect(pass.started).toHaveLength(2); // the next one is the interval's
    await vi.advanceTimersByTimeAsync(1);
    expect(pass.started).toHaveLength(3);
    pass.finish('succeeded');
    await s.stop();
  });

  it('backs off after failures: 1 s, 2 s, 4 s, then the cap of 5 s; a success goes back to the interval', async () => {
    const pass = passes();
    const { scheduler: s, backoffs } = scheduler(pass.run);
    s.start();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const before = Date.now();
      pass.finish('failed');
      await vi.advanceTimersByTimeAsync(0);
      expect(pass.started).toHaveLength(i + 1);
      const at = Date.parse(backoffs[i]!);
      delays.push(at - before);
      await vi.advanceTimersByTimeAsync(at - Date.now());
      expect(pass.started).toHaveLength(i + 2);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 5_000]);
    pass.finish('succeeded');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(pass.started).toHaveLength(6);
    expect(backoffs).toHaveLength(4);
    pass.finish('succeeded');
    await s.stop();
  });

  it('a failed pass does not loop on wakes that came in meanwhile; it waits for its backoff', async () => {
    const pass = passes();
    const { scheduler: s } = scheduler(pass.run);
    s.start();
    s.wake();
    pass.finish('failed');
    await vi.advanceTimersByTimeAsync(999);
    expect(pass.started).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(pass.started).toHaveLength(2);
    pass.finish('succeeded');
    await s.stop();
  });

  it('a burst of local writes is one pass after the quiet period', async () => {
    const pass = passes();
    const { scheduler: s } = scheduler(pass.run);
    s.start();
    pass.finish('succeeded');
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 5; i++) {
      s.wakeSoon();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(pass.started).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(pass.started).toHaveLength(2);
    pass.finish('succeeded');
    await s.stop();
  });

  it('before start only an explicit run passes; after stop nothing wakes it and stop waits for the pass in progress', async () => {
    const pass = passes();
    const { scheduler: s } = scheduler(pass.run);
    s.wake();
    s.wakeSoon();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pass.started).toHaveLength(0);

    const explicit = s.runNow();
    expect(pass.started).toHaveLength(1);
    pass.finish('succeeded');
    await explicit;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pass.started).toHaveLength(1); // not started: no timer

    s.start();
    expect(pass.started).toHaveLength(2);
    let stopped = false;
    const stopping = s.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    pass.finish('abandoned');
    await stopping;
    s.wake();
    s.wakeSoon();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pass.started).toHaveLength(2);
  });
});
