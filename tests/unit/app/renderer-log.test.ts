import { afterEach, describe, expect, it, vi } from 'vitest';
import { RendererLog } from '../../../src-main/ipc/renderer-log.js';
import type { Logger } from '../../../src-main/services/log.js';

function recordingLogger() {
  const lines: { level: string; fields: Record<string, unknown>; msg: string }[] = [];
  const at = (level: string) => (fields: object | string, msg?: string) => void lines.push({ level, fields: fields as Record<string, unknown>, msg: msg ?? '' });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

afterEach(() => vi.useRealTimers());

describe('renderer log (token bucket per window)', () => {
  it('passes a window its burst, then drops and counts, then reports the count with the next line that gets through', () => {
    let now = 0;
    const { logger, lines } = recordingLogger();
    const log = new RendererLog(logger, { burst: 3, perSecond: 1 }, () => now);
    const results = Array.from({ length: 5 }, (_, n) => log.write('w1', { level: 'error', scope: 'sync', message: `failed ${n}` }));
    expect(results).toEqual([true, true, true, false, false]);
    expect(lines.map((line) => line.msg)).toEqual(['failed 0', 'failed 1', 'failed 2']);
    now = 999; // not yet a whole token back
    expect(log.write('w1', { level: 'error', scope: 'sync', message: 'failed 5' })).toBe(false);
    now = 1_000;
    expect(log.write('w1', { level: 'warn', scope: 'sync', message: 'back' })).toBe(true);
    expect(lines.slice(3)).toEqual([
      { level: 'warn', fields: { source: 'renderer', window: 'w1', dropped: 3 }, msg: '3 renderer messages dropped (over 1/s)' },
      { level: 'warn', fields: { source: 'renderer', window: 'w1', scope: 'sync' }, msg: 'back' },
    ]);
  });

  it('windows have their own buckets: one flooding window does not silence another', () => {
    const { logger, lines } = recordingLogger();
    const log = new RendererLog(logger, { burst: 2, perSecond: 1 }, () => 0);
    for (let n = 0; n < 10; n++) log.write('flooding', { level: 'error', scope: 'softphone', message: 'loop' });
    expect(log.write('calm', { level: 'info', scope: 'training.audio', message: 'clip refused' })).toBe(true);
    expect(lines.filter((line) => line.fields.window === 'calm')).toHaveLength(1);
    expect(lines.filter((line) => line.fields.window === 'flooding')).toHaveLength(2);
  });

  it('a flood followed by silence is still reported, a second after the first drop', () => {
    vi.useFakeTimers();
    const { logger, lines } = recordingLogger();
    const log = new RendererLog(logger, { burst: 1, perSecond: 0.001 }, () => 0);
    for (let n = 0; n < 4; n++) log.write('w1', { level: 'error', scope: 'sync', message: 'loop' });
    expect(lines).toHaveLength(1);
    vi.advanceTimersByTime(999);
    expect(lines).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(lines[1]).toMatchObject({ level: 'warn', fields: { window: 'w1', dropped: 3 } });
    vi.advanceTimersByTime(10_000);
    expect(lines).toHaveLength(2); // reported once
  });

  it('masks phone and ID numbers in the message and the detail, at every level', () => {
    const { logger, lines } = recordingLogger();
    const log = new RendererLog(logger, { burst: 5, perSecond: 1 }, () => 0);
    log.write('w1', { level: 'debug', scope: 'calls', message: 'dial 13812345678 failed', detail: 'Error: id 11010519491231002X refused; ext 10000' });
    expect(lines[0]).toEqual({ level: 'debug', fields: { source: 'renderer', window: 'w1', scope: 'calls', detail: 'Error: id 110***********002X refused; ext 10000' }, msg: 'dial 138****5678 failed' });
  });
});
