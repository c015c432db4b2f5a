// The agent state machine, pure: the call bar drives it, the central API receives its changes, and
// the tests check it without a browser. Time comes in as an argument (epoch ms), never from a clock.
//
//   offline ─signIn→ notReady ⇄ ready ─incoming→ ringing ─answered→ talking ─ended→ afterCallWork ─(timer)→ ready
//                                       ringing ─missed→ ready        ready/notReady ─dial→ talking
//
// Only a ready agent rings; in every other state an incoming call is refused with 486 Busy Here.

export const AGENT_STATUSES = ['offline', 'ready', 'notReady', 'ringing', 'talking', 'afterCallWork'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export interface AgentState {
  status: AgentStatus;
  /** Reason code while not ready (e.g. `break` for 小休); none right after signing in. */
  reason?: string;
  /** When this state began (epoch ms): the on-screen timer counts from here. */
  since: number;
  /** End of after-call work (epoch ms). */
  afterCallWorkUntil?: number;
}

export type AgentEvent =
  | { type: 'signIn' }
  | { type: 'signOut' }
  | { type: 'goReady' }
  | { type: 'goNotReady'; reason: string }
  | { type: 'incoming' }
  | { type: 'answered' }
  | { type: 'missed' }
  | { type: 'dial' }
  | { type: 'callEnded' }
  /** Periodic: ends after-call work when its timer runs out. */
  | { type: 'tick' };

export interface AgentStateConfig {
  /** Seconds of after-call work after every handled call; 0 returns straight to ready. */
  afterCallWorkSeconds: number;
  /** Reason codes the server allows for not ready. */
  notReadyReasons: readonly string[];
}

export type Transition = { ok: true; state: AgentState; changed: boolean } | { ok: false; reason: 'not-allowed' | 'unknown-reason' };

export const initialAgentState = (now: number): AgentState => ({ status: 'offline', since: now });

const enter = (status: AgentStatus, now: number, extra: Partial<AgentState> = {}): AgentState => ({ status, since: now, ...extra });
const same = (state: AgentState): Transition => ({ ok: true, state, changed: false });
const to = (state: AgentState): Transition => ({ ok: true, state, changed: true });
const refused: Transition = { ok: false, reason: 'not-allowed' };

/** Applies one event. A refused event leaves the state as it was (the caller keeps the old one). */
export function transition(state: AgentState, event: AgentEvent, now: number, config: AgentStateConfig): Transition {
  const { status } = state;
  switch (event.type) {
    case 'signIn':
      return status === 'offline' ? to(enter('notReady', now)) : same(state);
    case 'signOut':
      return status === 'ringing' || status === 'talking' ? refused : status === 'offline' ? same(state) : to(enter('offline', now));
    case 'goReady':
      if (status === 'ready') return same(state);
      return status === 'notReady' || status === 'afterCallWork' ? to(enter('ready', now)) : refused;
    case 'goNotReady':
      if (!config.notReadyReasons.includes(event.reason)) return { ok: false, reason: 'unknown-reason' };
      if (status === 'notReady' && state.reason === event.reason) return same(state);
      return status === 'ready' || status === 'notReady' || status === 'afterCallWork'
        ? to(enter('notReady', now, { reason: event.reason }))
        : refused;
    case 'incoming':
      return status === 'ready' ? to(enter('ringing', now)) : refused;
    case 'answered':
      return status === 'ringing' ? to(enter('talking', now)) : status === 'talking' ? same(state) : refused;
    case 'missed':
      return status === 'ringing' ? to(enter('ready', now)) : same(state);
    case 'dial':
      return status === 'ready' || status === 'notReady' || status === 'afterCallWork' ? to(enter('talking', now)) : refused;
    case 'callEnded':
      if (status === 'ringing') return to(enter('ready', now));
      if (status !== 'talking') return same(state);
      return config.afterCallWorkSeconds > 0
        ? to(enter('afterCallWork', now, { afterCallWorkUntil: now + config.afterCallWorkSeconds * 1000 }))
        : to(enter('ready', now));
    case 'tick':
      return status === 'afterCallWork' && state.afterCallWorkUntil !== undefined && now >= state.afterCallWorkUntil
        ? to(enter('ready', now))
        : same(state);
  }
}

/** What to do with an incoming call in this state: ring only when ready, otherwise 486 Busy Here. */
export function incomingCallDecision(state: AgentState): { action: 'ring' } | { action: 'reject'; code: 486 } {
  return state.status === 'ready' ? { action: 'ring' } : { action: 'reject', code: 486 };
}

/** Seconds shown on the state timer: elapsed in the state, or remaining in after-call work. */
export function stateTimerSeconds(state: AgentState, now: number): number {
  if (state.status === 'afterCallWork' && state.afterCallWorkUntil !== undefined) {
    return Math.max(0, Math.ceil((state.afterCallWorkUntil - now) / 1000));
  }
  return Math.max(0, Math.floor((now - state.since) / 1000));
}

/** 75 → "01:15", 3725 → "1:02:05". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}
