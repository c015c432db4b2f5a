import type { CustomerLine, LineTrigger, TrainingScenario } from '../../../src-shared/training/scenario-schema.js';
import type { Line, LineCall, LineEvents, RegistrationState } from './line.js';

/** What the trainee did that a simulated customer may react to. */
export type AgentAction = { kind: 'step'; stepId: string } | { kind: 'choice'; stepId: string; choiceId: string };

/** Timers that a trainer can pause: each remembers how long it still has to run. */
class PausableTimers {
  private readonly pending = new Set<{ handle: ReturnType<typeof setTimeout> | undefined; dueAt: number; remaining: number; run: () => void }>();
  private paused = false;

  schedule(ms: number, run: () => void): void {
    const timer = { handle: undefined as ReturnType<typeof setTimeout> | undefined, dueAt: Date.now() + ms, remaining: ms, run };
    this.pending.add(timer);
    if (!this.paused) this.arm(timer);
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    for (const timer of this.pending) {
      clearTimeout(timer.handle);
      timer.remaining = Math.max(0, timer.dueAt - Date.now());
    }
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    for (const timer of this.pending) this.arm(timer);
  }

  get isPaused(): boolean {
    return this.paused;
  }

  clear(): void {
    for (const timer of this.pending) clearTimeout(timer.handle);
    this.pending.clear();
  }

  private arm(timer: { handle: ReturnType<typeof setTimeout> | undefined; dueAt: number; remaining: number; run: () => void }): void {
    timer.dueAt = Date.now() + timer.remaining;
    timer.handle = setTimeout(() => {
      this.pending.delete(timer);
      timer.run();
    }, timer.remaining);
  }
}

/**
 * A telephone line with a scripted customer on it, for training without any network. It behaves
 * like SipLine to the UI (ringing, answer, hold, mute, hang up) and speaks the scenario's customer
 * lines as `utterance` events, in turn: after answering, when the trainee reaches a step or takes
 * a branch, or after another line. Hold delays the customer until the call is resumed.
 */
export class SimulatedLine implements Line {
  readonly kind = 'simulated' as const;
  private readonly listeners = new Map<keyof LineEvents, Set<(payload: never) => void>>();
  private readonly timers = new PausableTimers();
  private readonly spoken = new Set<string>();
  private call: LineCall | null = null;
  private sequence = 0;
  private trainerPaused = false;

  constructor(
    private readonly scenario: TrainingScenario,
    /** Resolves a clip name to a playable URL (blob:), or undefined to stay text-only. */
    private readonly audioUrl: (file: string) => Promise<string | undefined> = async () => undefined,
  ) {}

  async register(): Promise<void> {
    this.emit('registration', 'registered' satisfies RegistrationState);
  }

  async unregister(): Promise<void> {
    this.emit('registration', 'unregistered' satisfies RegistrationState);
  }

  /** The trainer's "start": the scenario's caller rings the trainee. */
  ring(): LineCall {
    this.timers.clear();
    this.timers.resume();
    this.trainerPaused = false;
    this.spoken.clear();
    this.sequence += 1;
    this.call = {
      id: `training-${this.scenario.id}-${Date.now().toString(36)}-${this.sequence}`,
      direction: 'inbound',
      remoteNumber: this.scenario.caller.number,
      remoteName: this.scenario.caller.name,
      state: 'ringing',
      muted: false,
      ringingAt: Date.now(),
    };
    this.emit('call', { ...this.call });
    return { ...this.call };
  }

  async dial(): Promise<LineCall> {
    throw new Error('A training line only receives the scenario’s call');
  }

  async answer(callId: string): Promise<void> {
    const call = this.callWithId(callId);
    if (call.state !== 'ringing') return;
    this.update({ state: 'connected', answeredAt: Date.now() });
    this.trigger({ event: 'answered' });
  }

  async reject(callId: string): Promise<void> {
    this.end(callId, 'rejected');
  }

  async hangup(callId: string): Promise<void> {
    this.end(callId, 'local');
  }

  async hold(callId: string, on: boolean): Promise<void> {
    const call = this.callWithId(callId);
    if (call.state !== 'connected' && call.state !== 'held') return;
    this.update({ state: on ? 'held' : 'connected' });
    // The customer does not talk into hold music: their pending lines wait for the resume.
    if (on) {
      this.timers.pause();
      this.trigger({ event: 'hold' });
    } else if (!this.trainerPaused) this.timers.resume();
  }

  mute(callId: string, on: boolean): void {
    this.callWithId(callId);
    this.update({ muted: on });
  }

  async sendDtmf(callId: string): Promise<void> {
    this.callWithId(callId);
  }

  async blindTransfer(callId: string): Promise<void> {
    this.end(callId, 'transferred');
  }

  /** Trainer pause: the customer stops mid-scenario (the call itself stays up). */
  pause(): void {
    this.trainerPaused = true;
    this.timers.pause();
  }

  resume(): void {
    this.trainerPaused = false;
    if (this.call?.state !== 'held') this.timers.resume();
  }

  get paused(): boolean {
    return this.trainerPaused;
  }

  /** Tells the customer what the trainee did; matching lines follow after their delay. */
  agentAction(action: AgentAction): void {
    if (action.kind === 'step') this.trigger({ event: 'step', step: action.stepId });
    else this.trigger({ event: 'choice', step: action.stepId, choice: action.choiceId });
  }

  on<E extends keyof LineEvents>(event: E, listener: (payload: LineEvents[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as (payload: never) => void);
    this.listeners.set(event, set);
    return () => set.delete(listener as (payload: never) => void);
  }

  async dispose(): Promise<void> {
    this.timers.clear();
    this.listeners.clear();
    this.call = null;
  }

  private trigger(trigger: LineTrigger): void {
    const call = this.call;
    if (!call || call.state === 'ended') return;
    for (const line of this.scenario.customer) {
      if (this.spoken.has(line.id) || !matches(line.when, trigger)) continue;
      // Marked at scheduling time, so a line is never said twice (e.g. a step visited again).
      this.spoken.add(line.id);
      this.timers.schedule(line.delayMs, () => void this.speak(call.id, line));
    }
  }

  private async speak(callId: string, line: CustomerLine): Promise<void> {
    if (this.call?.id !== callId || this.call.state === 'ended') return;
    const audioUrl = line.audio ? await this.audioUrl(line.audio) : undefined;
    this.emit('utterance', { callId, text: line.text, ...(audioUrl ? { audioUrl } : {}) });
    this.trigger({ event: 'after', line: line.id });
    if (line.hangup) this.timers.schedule(1500, () => this.end(callId, 'remote'));
  }

  private end(callId: string, reason: string): void {
    const call = this.callWithId(callId);
    if (call.state === 'ended') return;
    this.timers.clear();
    this.update({ state: 'ended', endedAt: Date.now(), endReason: reason });
  }

  private callWithId(callId: string): LineCall {
    if (!this.call || this.call.id !== callId) throw new Error(`No call ${callId} on the training line`);
    return this.call;
  }

  private update(patch: Partial<LineCall>): void {
    this.call = { ...this.call!, ...patch };
    this.emit('call', { ...this.call });
  }

  private emit<E extends keyof LineEvents>(event: E, payload: LineEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (payload: LineEvents[E]) => void)(payload);
  }
}

function matches(when: LineTrigger, happened: LineTrigger): boolean {
  if (when.event !== happened.event) return false;
  switch (when.event) {
    case 'step':
      return happened.event === 'step' && when.step === happened.step;
    case 'choice':
      return happened.event === 'choice' && when.step === happened.step && when.choice === happened.choice;
    case 'after':
      return happened.event === 'after' && when.line === happened.line;
    default:
      return true;
  }
}
