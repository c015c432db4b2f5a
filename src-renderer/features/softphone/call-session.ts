// One call's timeline, owned by one object: when it rang, was answered, held and resumed, ended,
// and the record that goes into the call log. The line reports snapshots of the call; the session
// turns the differences into what happened. Time comes from the injected clock, so a fake clock
// tests hold time and after-call work to the millisecond.
import type { CallRecord } from '../../../src-shared/domain/calls.js';
import { buildCallRecord } from '../../../src-shared/calls/call-record.js';
import type { LineCall } from './line.js';

export interface Clock {
  /** Epoch ms. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** What one snapshot of the call changed: the store maps these to agent-state events and saves. */
export type CallChange = 'none' | 'connected' | 'held' | 'resumed' | 'ended';

export class CallSession {
  private snapshot: LineCall;
  private heldMs = 0;
  private heldSince: number | undefined;
  private endedAt: number | undefined;

  constructor(
    call: LineCall,
    private readonly clock: Clock,
  ) {
    this.snapshot = call;
    if (call.state === 'held') this.heldSince = clock.now();
    if (call.state === 'ended') this.endedAt = call.endedAt ?? clock.now();
  }

  get id(): string {
    return this.snapshot.id;
  }

  get call(): LineCall {
    return this.snapshot;
  }

  get ended(): boolean {
    return this.endedAt !== undefined;
  }

  /** Takes the line's newest snapshot of this call; a snapshot after the end changes nothing. */
  update(call: LineCall): CallChange {
    if (this.ended) return 'none';
    const before = this.snapshot;
    const now = this.clock.now();
    this.snapshot = call;
    if (before.state === 'held' && call.state !== 'held') this.closeHold(now);
    if (call.state === 'ended') {
      this.endedAt = call.endedAt ?? now;
      return 'ended';
    }
    if (call.state === 'held' && before.state !== 'held') {
      this.heldSince = now;
      return 'held';
    }
    if (call.state === 'connected' && before.state === 'held') return 'resumed';
    // First connection only: a re-INVITE after a reconnect reports `connected` again.
    if (call.state === 'connected' && before.state !== 'connected') return 'connected';
    return 'none';
  }

  /** Seconds on hold so far, including a hold still running. */
  holdSeconds(): number {
    const running = this.heldSince !== undefined ? (this.endedAt ?? this.clock.now()) - this.heldSince : 0;
    return (this.heldMs + running) / 1000;
  }

  /** Seconds from answer to hang-up (or to now while talking); null for a call never answered. */
  talkSeconds(): number | null {
    const answeredAt = this.snapshot.answeredAt;
    if (answeredAt === undefined) return null;
    return Math.max(0, ((this.endedAt ?? this.clock.now()) - answeredAt) / 1000);
  }

  /** The call-log record as of now (no end time while the call runs). */
  record(overrides: { endReason?: string } = {}): CallRecord {
    const call = this.snapshot;
    return buildCallRecord({
      id: call.id,
      direction: call.direction,
      number: call.remoteNumber,
      ringingAt: call.ringingAt,
      answeredAt: call.answeredAt,
      endedAt: this.endedAt,
      endReason: call.endReason ?? overrides.endReason,
      holdSeconds: this.holdSeconds(),
    });
  }

  private closeHold(now: number): void {
    if (this.heldSince === undefined) return;
    this.heldMs += now - this.heldSince;
    this.heldSince = undefined;
  }
}
