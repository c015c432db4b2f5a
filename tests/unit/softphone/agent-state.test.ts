import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  incomingCallDecision,
  initialAgentState,
  stateTimerSeconds,
  transition,
  type AgentEvent,
  type AgentState,
} from '../../../src-shared/softphone/agent-state.js';

const config = { afterCallWorkSeconds: 20, notReadyReasons: ['break', 'training', 'meeting'] };

function run(events: AgentEvent[], start = 0): AgentState {
  let state = initialAgentState(start);
  events.forEach((event, index) => {
    const next = transition(state, event, start + (index + 1) * 1000, config);
    if (!next.ok) throw new Error(`${event.type} refused in ${state.status}`);
    state = next.state;
  });
  return state;
}

describe('agent state machine', () => {
  it('an agent signs in not ready, goes ready, takes a call, does after-call work, and is ready again when the timer runs out', () => {
    let state = run([{ type: 'signIn' }, { type: 'goReady' }, { type: 'incoming' }, { type: 'answered' }, { type: 'callEnded' }]);
    expect(state.status).toBe('afterCallWork');
    expect(state.afterCallWorkUntil).toBe(5000 + 20_000);
    expect(stateTimerSeconds(state, 15_000)).toBe(10);
    const early = transition(state, { type: 'tick' }, 24_999, config);
    expect(early.ok && early.state.status).toBe('afterCallWork');
    const done = transition(state, { type: 'tick' }, 25_000, config);
    expect(done.ok && done.state.status).toBe('ready');
    state = done.ok ? done.state : state;
    expect(state.since).toBe(25_000);
  });

  it('only a ready agent rings; not ready, busy, after-call work and offline answer 486', () => {
    expect(incomingCallDecision(run([{ type: 'signIn' }, { type: 'goReady' }]))).toEqual({ action: 'ring' });
    expect(incomingCallDecision(run([{ type: 'signIn' }, { type: 'goNotReady', reason: 'break' }]))).toEqual({ action: 'reject', code: 486 });
    expect(incomingCallDecision(run([{ type: 'signIn' }, { type: 'goReady' }, { type: 'incoming' }]))).toEqual({ action: 'reject', code: 486 });
    expect(incomingCallDecision(run([{ type: 'signIn' }, { type: 'goReady' }, { type: 'incoming' }, { type: 'answered' }, { type: 'callEnded' }]))).toEqual({
      action: 'reject',
      code: 486,
    });
    expect(incomingCallDecision(initialAgentState(0))).toEqual({ action: 'reject', code: 486 });
  });

  it('not ready needs a reason code the centre configured', () => {
    const ready = run([{ type: 'signIn' }, { type: 'goReady' }]);
    expect(transition(ready, { type: 'goNotReady', reason: 'smoking' }, 9, config)).toEqual({ ok: false, reason: 'unknown-reason' });
    const breakState = transition(ready, { type: 'goNotReady', reason: 'training' }, 9, config);
    expect(breakState.ok && breakState.state).toMatchObject({ status: 'notReady', reason: 'training', since: 9 });
  });

  it('a call cannot be dropped by signing out, and a missed call returns the agent to ready', () => {
    const ringing = run([{ type: 'signIn' }, { type: 'goReady' }, { type: 'incoming' }]);
    expect(transition(ringing, { type: 'signOut' }, 9, config).ok).toBe(false);
    const missed = transition(ringing, { type: 'missed' }, 9, config);
    expect(missed.ok && missed.state.status).toBe('ready');
  });

  it('an outbound call from not ready goes to talking, then after-call work; with no ACW configured straight to ready', () => {
    const talking = run([{ type: 'signIn' }, { type: 'dial' }]);
    expect(talking.status).toBe('talking');
    const ended = transition(talking, { type: 'callEnded' }, 10_000, { ...config, afterCallWorkSeconds: 0 });
    expect(ended.ok && ended.state.status).toBe('ready');
  });

  it('the agent may finish after-call work early, or go not ready from it', () => {
    const acw = run([{ type: 'signIn' }, { type: 'goReady' }, { type: 'incoming' }, { type: 'answered' }, { type: 'callEnded' }]);
    const ready = transition(acw, { type: 'goReady' }, 6000, config);
    expect(ready.ok && ready.state.status).toBe('ready');
    const meeting = transition(acw, { type: 'goNotReady', reason: 'meeting' }, 6000, config);
    expect(meeting.ok && meeting.state.status).toBe('notReady');
  });

  it('formats the timer like a wall clock', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(75)).toBe('01:15');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});
