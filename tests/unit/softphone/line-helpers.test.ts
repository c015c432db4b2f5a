import { describe, expect, it } from 'vitest';
import { probeDelayMs, reconnectDelayMs } from '../../../src-renderer/features/softphone/backoff.js';
import { SerialQueue } from '../../../src-renderer/features/softphone/dtmf.js';
import { normaliseDialString } from '../../../src-shared/softphone/dial-string.js';
import { gradeNetwork } from '../../../src-renderer/features/softphone/line.js';

describe('reconnect backoff', () => {
  it('retries fast after a drop, doubles, and never waits more than 30 s', () => {
    const noJitter = () => 0.5;
    expect([0, 1, 2, 3].map((attempt) => reconnectDelayMs(attempt, noJitter))).toEqual([500, 1000, 2000, 4000]);
    for (let attempt = 0; attempt < 50; attempt++) {
      expect(reconnectDelayMs(attempt, () => 1)).toBeLessThanOrEqual(30_000);
    }
    expect(reconnectDelayMs(20, noJitter)).toBe(30_000);
  });

  it('spreads seats apart with jitter', () => {
    expect(reconnectDelayMs(3, () => 0)).toBe(3200);
    expect(reconnectDelayMs(3, () => 1)).toBe(4800);
  });
});

describe('proxy watch cadence', () => {
  it('knocks well under a second apart for the first two minutes of an outage, so a restarted proxy is seen within ~0.7 s', () => {
    expect(probeDelayMs(0, () => 1)).toBe(720);
    expect(probeDelayMs(119_000, () => 1)).toBe(720);
    expect(probeDelayMs(0, () => 0)).toBe(480);
  });

  it('slows to every ~5 s in a long outage, where online and focus still retry at once', () => {
    expect(probeDelayMs(120_000, () => 0.5)).toBe(5_000);
    expect(probeDelayMs(3_600_000, () => 0)).toBe(4_000);
  });
});

describe('DTMF by SIP INFO, one after another', () => {
  it('runs digits in press order even when a later press is quicker to send, and a failure does not stop the rest', async () => {
    const queue = new SerialQueue();
    const sent: string[] = [];
    const send = (digit: string, ms: number) =>
      queue.run(async () => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        if (digit === 'X') throw new Error('481');
        sent.push(digit);
      });
    const all = [send('2', 30), send('5', 1), send('X', 1), send('8', 10), send('0', 0)];
    const results = await Promise.allSettled(all);
    expect(sent).toEqual(['2', '5', '8', '0']);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
  });
});

describe('numbers pasted or clicked', () => {
  it('cleans what agents paste from tickets and chats', () => {
    expect(normaliseDialString(' 138 1234-1234 ')).toBe('13812341234');
    expect(normaliseDialString('+86 138 1234 1234')).toBe('13812341234');
    expect(normaliseDialString('tel:+86-138-1234-1234')).toBe('13812341234');
    expect(normaliseDialString('tel:10000;phone-context=cn')).toBe('10000');
    expect(normaliseDialString('(021) 6123-4567')).toBe('02161234567');
    expect(normaliseDialString('sip:2001@pbx.example.cn')).toBe('sip:2001@pbx.example.cn');
    expect(normaliseDialString('call me')).toBe('');
  });
});

describe('pre-shift network check', () => {
  it('says good, fair or poor in plain terms from the measured round trips', () => {
    expect(gradeNetwork({ wsConnectMs: 20, keepAliveMs: 5, registerMs: 40 })).toBe('good');
    expect(gradeNetwork({ wsConnectMs: 250, keepAliveMs: 90, registerMs: 300 })).toBe('fair');
    expect(gradeNetwork({ wsConnectMs: 900, keepAliveMs: 400, registerMs: 1500 })).toBe('poor');
  });
});
