// A hand-written `Line` for store and session tests: the test plays the far end (ring, answer,
// hang up) and reads back what the store asked the line to do. Times come from the test's clock.
import type { Clock } from '../../../src-renderer/features/softphone/call-session.js';
import { Emitter } from '../../../src-renderer/features/softphone/emitter.js';
import type { CallMediaStats, Line, LineCall, LineEvents } from '../../../src-renderer/features/softphone/line.js';

export class FakeClock implements Clock {
  constructor(public t = Date.parse('2026-03-02T09:00:00.000Z')) {}
  now(): number {
    return this.t;
  }
  /** Moves on by seconds. */
  pass(seconds: number): void {
    this.t += seconds * 1000;
  }
}

export class FakeLine implements Line {
  /** What the store asked for, in order: `answer c1`, `reject c2 486` … */
  readonly requests: string[] = [];
  readonly calls = new Map<string, LineCall>();
  stats?: (callId: string) => Promise<CallMediaStats | undefined>;
  disposed = false;
  private readonly events = new Emitter<LineEvents>();
  private next = 1;

  constructor(
    private readonly clock: Clock,
    readonly kind: Line['kind'] = 'sip',
  ) {}

  on<E extends keyof LineEvents>(event: E, listener: (payload: LineEvents[E]) => void): () => void {
    return this.events.on(event, listener);
  }

  async register(): Promise<void> {
    this.requests.push('register');
    this.events.emit('transport', 'connected');
    this.events.emit('registration', 'registered');
  }
  async unregister(): Promise<void> {
    this.requests.push('unregister');
    this.events.emit('registration', 'unregistered');
  }
  async dispose(): Promise<void> {
    this.disposed = true;
    this.events.clear();
  }

  // ── the far end ──
  /** A customer's INVITE arrives. */
  ring(remoteNumber = '13812341234'): LineCall {
    return this.emit({ id: `in-${this.next++}`, direction: 'inbound', remoteNumber, state: 'ringing', muted: false, ringingAt: this.clock.now() });
  }
  farEndAnswers(callId: string): void {
    this.change(callId, { state: 'connected', answeredAt: this.clock.now() });
  }
  farEndHangsUp(callId: string): void {
    this.end(callId, 'remote');
  }
  farEndRefuses(callId: string, status: number): void {
    this.end(callId, String(status));
  }

  // ── the agent's side, as the store drives it ──
  async dial(number: string): Promise<LineCall> {
    this.requests.push(`dial ${number}`);
    return this.emit({ id: `out-${this.next++}`, direction: 'outbound', remoteNumber: number, state: 'dialing', muted: false, ringingAt: this.clock.now() });
  }
  async answer(callId: string): Promise<void> {
    this.requests.push(`answer ${callId}`);
    this.change(callId, { state: 'connected', answeredAt: this.clock.now() });
  }
  async reject(callId: string, code: 486 | 603 = 603): Promise<void> {
    this.requests.push(`reject ${callId} ${code}`);
    // SipLine notes the status before the session ends, and a 486 ends it only once the INVITE is answered.
    this.end(callId, String(code));
  }
  async hangup(callId: string): Promise<void> {
    this.requests.push(`hangup ${callId}`);
    this.end(callId, 'local');
  }
  async hold(callId: string, on: boolean): Promise<void> {
    this.requests.push(`hold ${callId} ${on}`);
    this.change(callId, { state: on ? 'held' : 'connected' });
  }
  mute(callId: string, on: boolean): void {
    this.requests.push(`mute ${callId} ${on}`);
    this.change(callId, { muted: on });
  }
  async sendDtmf(callId: string, tones: string): Promise<void> {
    this.requests.push(`dtmf ${callId} ${tones}`);
  }
  async blindTransfer(callId: string, target: string): Promise<void> {
    this.requests.push(`transfer ${callId} ${target}`);
    this.end(callId, 'transferred');
  }

  private emit(call: LineCall): LineCall {
    this.calls.set(call.id, call);
    this.events.emit('call', call);
    return call;
  }
  private change(callId: string, patch: Partial<LineCall>): void {
    const call = this.calls.get(callId);
    if (!call || call.state === 'ended') throw new Error(`no call ${callId}`);
    this.emit({ ...call, ...patch });
  }
  private end(callId: string, endReason: string): void {
    const call = this.calls.get(callId);
    if (!call || call.state === 'ended') return;
    this.emit({ ...call, state: 'ended', endedAt: this.clock.now(), endReason });
    this.calls.delete(callId);
  }
}
