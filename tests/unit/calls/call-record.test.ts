import { describe, expect, it } from 'vitest';
import { buildCallRecord, callDisposition, withAfterCallWork, type CallFacts } from '../../../src-shared/calls/call-record.js';
import { CallRecord } from '../../../src-shared/domain/calls.js';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const at = (seconds: number) => T0 + seconds * 1000;
const stamp = (seconds: number) => new Date(at(seconds)).toISOString();

const base = { id: 'c1', number: '13812341234', ringingAt: at(0), holdSeconds: 0 };

// Each row is one call as it happened on the line, and the log line an agent or a team lead expects for it.
const histories: { story: string; facts: CallFacts; disposition: string; answerAt: string | null; endAt: string | null; holdSeconds: number }[] = [
  { story: 'a customer rings, the agent answers after 4 s and hangs up at 2 min', facts: { ...base, direction: 'inbound', answeredAt: at(4), endedAt: at(120), endReason: 'local' }, disposition: 'answered', answerAt: stamp(4), endAt: stamp(120), holdSeconds: 0 },
  { story: 'the customer hangs up after talking', facts: { ...base, direction: 'inbound', answeredAt: at(2), endedAt: at(60), endReason: 'remote' }, disposition: 'answered', answerAt: stamp(2), endAt: stamp(60), holdSeconds: 0 },
  { story: 'the customer gives up while it rings (missed)', facts: { ...base, direction: 'inbound', endedAt: at(18), endReason: 'remote' }, disposition: 'abandoned', answerAt: null, endAt: stamp(18), holdSeconds: 0 },
  { story: 'the agent rejects the ringing call (603 Decline)', facts: { ...base, direction: 'inbound', endedAt: at(3), endReason: '603' }, disposition: 'rejected', answerAt: null, endAt: stamp(3), holdSeconds: 0 },
  { story: 'the agent ends the ringing call locally', facts: { ...base, direction: 'inbound', endedAt: at(3), endReason: 'local' }, disposition: 'rejected', answerAt: null, endAt: stamp(3), holdSeconds: 0 },
  { story: 'a call refused with 486 because the agent was not ready', facts: { ...base, direction: 'inbound', endedAt: at(0), endReason: '486' }, disposition: 'busy', answerAt: null, endAt: stamp(0), holdSeconds: 0 },
  { story: 'an outbound call the far end answers', facts: { ...base, direction: 'outbound', answeredAt: at(7), endedAt: at(95), endReason: 'remote' }, disposition: 'answered', answerAt: stamp(7), endAt: stamp(95), holdSeconds: 0 },
  { story: 'an outbound call to a busy number (486)', facts: { ...base, direction: 'outbound', endedAt: at(2), endReason: '486' }, disposition: 'busy', answerAt: null, endAt: stamp(2), holdSeconds: 0 },
  { story: 'an outbound call the far end declines (603)', facts: { ...base, direction: 'outbound', endedAt: at(5), endReason: '603' }, disposition: 'rejected', answerAt: null, endAt: stamp(5), holdSeconds: 0 },
  { story: 'an outbound call to a number that does not exist (404)', facts: { ...base, direction: 'outbound', endedAt: at(1), endReason: '404' }, disposition: 'failed', answerAt: null, endAt: stamp(1), holdSeconds: 0 },
  { story: 'the agent cancels an outbound call before it is answered', facts: { ...base, direction: 'outbound', endedAt: at(9), endReason: 'local' }, disposition: 'failed', answerAt: null, endAt: stamp(9), holdSeconds: 0 },
  { story: 'an answered call transferred to the second line', facts: { ...base, direction: 'inbound', answeredAt: at(3), endedAt: at(200), endReason: 'transferred' }, disposition: 'answered', answerAt: stamp(3), endAt: stamp(200), holdSeconds: 0 },
  { story: 'a call held twice for 12.4 s in all', facts: { ...base, direction: 'inbound', answeredAt: at(3), endedAt: at(300), endReason: 'local', holdSeconds: 12.4 }, disposition: 'answered', answerAt: stamp(3), endAt: stamp(300), holdSeconds: 12 },
  { story: 'a call held for 30.5 s rounds up', facts: { ...base, direction: 'inbound', answeredAt: at(3), endedAt: at(300), endReason: 'local', holdSeconds: 30.5 }, disposition: 'answered', answerAt: stamp(3), endAt: stamp(300), holdSeconds: 31 },
  { story: 'a call still running (saved at answer so a ticket can link to it)', facts: { ...base, direction: 'inbound', answeredAt: at(4) }, disposition: 'answered', answerAt: stamp(4), endAt: null, holdSeconds: 0 },
];

describe('a call history becomes one line of the call log', () => {
  it.each(histories)('$story → $disposition', ({ facts, disposition, answerAt, endAt, holdSeconds }) => {
    const record = buildCallRecord(facts);
    expect(record).toEqual({
      id: 'c1',
      direction: facts.direction,
      number: '13812341234',
      ringAt: '2026-03-02T09:00:00.000Z',
      answerAt,
      endAt,
      holdSeconds,
      afterCallWorkSeconds: 0,
      disposition,
      ticketId: null,
      scriptCompliance: null,
    });
    // The record is what main's zod contract accepts, unchanged.
    expect(CallRecord.parse(record)).toEqual(record);
  });

  it('answered wins over any end reason', () => {
    for (const endReason of ['486', '603', '404', 'local', 'remote', 'transferred', undefined]) {
      expect(callDisposition({ direction: 'inbound', answeredAt: at(1), endReason })).toBe('answered');
      expect(callDisposition({ direction: 'outbound', answeredAt: at(1), endReason })).toBe('answered');
    }
  });
});

describe('after-call work', () => {
  const ended = buildCallRecord({ ...base, direction: 'inbound', answeredAt: at(4), endedAt: at(120), endReason: 'local' });

  it('counts whole seconds from the end of the call until the agent leaves wrap-up', () => {
    expect(withAfterCallWork(ended, at(120 + 25.4)).afterCallWorkSeconds).toBe(25);
    expect(withAfterCallWork(ended, at(120 + 25.6)).afterCallWorkSeconds).toBe(26);
    expect(withAfterCallWork(ended, at(120)).afterCallWorkSeconds).toBe(0);
  });

  it('never goes negative (a clock set back during wrap-up) and leaves a running call as it is', () => {
    expect(withAfterCallWork(ended, at(100)).afterCallWorkSeconds).toBe(0);
    const running = buildCallRecord({ ...base, direction: 'inbound', answeredAt: at(4) });
    expect(withAfterCallWork(running, at(500))).toBe(running);
  });

  it('does not change the rest of the record', () => {
    const { afterCallWorkSeconds: _acw, ...rest } = withAfterCallWork(ended, at(150));
    const { afterCallWorkSeconds: _zero, ...before } = ended;
    expect(rest).toEqual(before);
  });
});
