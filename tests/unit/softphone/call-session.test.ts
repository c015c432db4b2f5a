import { describe, expect, it } from 'vitest';
import { CallSession, type Clock } from '../../../src-renderer/features/softphone/call-session.js';
import type { LineCall } from '../../../src-renderer/features/softphone/line.js';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');

class FakeClock implements Clock {
  constructor(public t = T0) {}
  now() {
    return this.t;
  }
  /** Moves on by seconds. */
  pass(seconds: number) {
    this.t += seconds * 1000;
  }
}

const ringing = (over: Partial<LineCall> = {}): LineCall => ({
  id: 'c1',
  direction: 'inbound',
  remoteNumber: '13812341234',
  state: 'ringing',
  muted: false,
  ringingAt: T0,
  ...over,
});

/** A customer call: rings, is answered after `ring` s; returns the session and helpers for what follows. */
function answeredCall(clock: FakeClock, ring = 3) {
  const session = new CallSession(ringing(), clock);
  clock.pass(ring);
  const answered = { ...session.call, state: 'connected' as const, answeredAt: clock.now() };
  expect(session.update(answered)).toBe('connected');
  return session;
}

const to = (session: CallSession, over: Partial<LineCall>) => session.update({ ...session.call, ...over });

describe('one call, one timeline', () => {
  it('ringing → answered → ended: talk time from answer, no hold, one record', () => {
    const clock = new FakeClock();
    const session = answeredCall(clock, 4);
    expect(session.talkSeconds()).toBe(0);
    clock.pass(90);
    expect(session.talkSeconds()).toBe(90);
    expect(to(session, { state: 'ended', endReason: 'local' })).toBe('ended');
    clock.pass(30);
    expect(session.talkSeconds()).toBe(90);
    expect(session.record()).toMatchObject({
      ringAt: '2026-03-02T09:00:00.000Z',
      answerAt: '2026-03-02T09:00:04.000Z',
      endAt: '2026-03-02T09:01:34.000Z',
      holdSeconds: 0,
      disposition: 'answered',
    });
  });

  it('hold time adds up over two holds and counts a hold still running', () => {
    const clock = new FakeClock();
    const session = answeredCall(clock);
    clock.pass(10);
    expect(to(session, { state: 'held' })).toBe('held');
    clock.pass(7.5);
    expect(session.holdSeconds()).toBe(7.5);
    expect(to(session, { state: 'connected' })).toBe('resumed');
    clock.pass(20);
    expect(session.holdSeconds()).toBe(7.5);
    expect(to(session, { state: 'held' })).toBe('held');
    clock.pass(4);
    expect(session.holdSeconds()).toBe(11.5);
    expect(session.record().holdSeconds).toBe(12);
  });

  it('a call that ends while on hold counts the hold up to the end, not beyond', () => {
    const clock = new FakeClock();
    const session = answeredCall(clock);
    to(session, { state: 'held' });
    clock.pass(42);
    expect(to(session, { state: 'ended', endReason: 'remote' })).toBe('ended');
    clock.pass(100);
    expect(session.holdSeconds()).toBe(42);
    expect(session.record().holdSeconds).toBe(42);
  });

  it("takes the line's end time when it has one, the clock's otherwise", () => {
    const clock = new FakeClock();
    const withLineTime = answeredCall(clock);
    clock.pass(5);
    to(withLineTime, { state: 'ended', endedAt: T0 + 4_000 });
    expect(withLineTime.record().endAt).toBe('2026-03-02T09:00:04.000Z');

    const withoutLineTime = new CallSession(ringing({ id: 'c2' }), clock);
    to(withoutLineTime, { state: 'ended', endReason: 'remote' });
    expect(withoutLineTime.record()).toMatchObject({ endAt: new Date(clock.now()).toISOString(), disposition: 'abandoned' });
  });

  it('a re-INVITE after a reconnect (connected again) is not a second answer; snapshots after the end change nothing', () => {
    const clock = new FakeClock();
    const session = answeredCall(clock);
    expect(to(session, { state: 'connected', muted: true })).toBe('none');
    expect(session.call.muted).toBe(true);
    to(session, { state: 'ended', endReason: 'local' });
    const record = session.record();
    clock.pass(9);
    expect(to(session, { state: 'connected' })).toBe('none');
    expect(session.ended).toBe(true);
    expect(session.record()).toEqual(record);
  });

  it('a record saved while the call runs has no end time; missed, refused and failed calls get their outcome', () => {
    const clock = new FakeClock();
    const running = answeredCall(clock);
    expect(running.record()).toMatchObject({ endAt: null, disposition: 'answered' });

    const missed = new CallSession(ringing({ id: 'missed' }), clock);
    clock.pass(20);
    to(missed, { state: 'ended', endReason: 'remote' });
    expect(missed.record()).toMatchObject({ answerAt: null, disposition: 'abandoned' });
    expect(missed.talkSeconds()).toBeNull();

    // Refused with 486 before it rang on screen: the line may not know the reason, the store does.
    const refused = new CallSession(ringing({ id: 'refused' }), clock);
    to(refused, { state: 'ended' });
    expect(refused.record({ endReason: '486' }).disposition).toBe('busy');

    const failed = new CallSession(ringing({ id: 'out', direction: 'outbound', state: 'dialing' }), clock);
    to(failed, { state: 'ended', endReason: '404' });
    expect(failed.record()).toMatchObject({ direction: 'outbound', disposition: 'failed' });
  });

  it('an outbound call answered by the far end, transferred away: answered with its talk time', () => {
    const clock = new FakeClock();
    const session = new CallSession(ringing({ direction: 'outbound', state: 'dialing' }), clock);
    clock.pass(6);
    expect(to(session, { state: 'connected', answeredAt: clock.now() })).toBe('connected');
    clock.pass(60);
    to(session, { state: 'ended', endReason: 'transferred' });
    expect(session.talkSeconds()).toBe(60);
    expect(session.record()).toMatchObject({ answerAt: '2026-03-02T09:00:06.000Z', endAt: '2026-03-02T09:01:06.000Z', disposition: 'answered' });
  });
});
