import { describe, expect, it } from 'vitest';
import { escalationDueTimes } from '../../../src-shared/tickets/escalation-ladder.js';
import { callbackState, escalationResolveState, escalationState, formatCountdown, nextDueAt, slaDueTimes, slaSnapshot } from '../../../src-shared/tickets/sla.js';
import { formOf } from './seed-forms.js';

const hours = (n: number) => n * 3_600_000;
const at = (base: string, offsetMs: number) => new Date(Date.parse(base) + offsetMs);

describe('SLA of a complaint (first response 24 h, resolution 48 h, warning 2 h ahead)', () => {
  const rule = formOf('complaint').sla.normal!;
  const submittedAt = '2026-11-23T08:00:00.000Z';
  const due = slaDueTimes(submittedAt, rule);
  const open = { status: 'submitted' as const, ...due, firstResponseAt: null, resolvedAt: null };

  it('fixes both due times at submission', () => {
    expect(due).toEqual({ firstResponseDueAt: '2026-11-24T08:00:00.000Z', resolutionDueAt: '2026-11-25T08:00:00.000Z' });
  });

  it('counts down to the first response, warns two hours ahead, then marks the breach', () => {
    expect(slaSnapshot(open, rule.warnBeforeMinutes, at(submittedAt, hours(1)))).toMatchObject({ phase: 'firstResponse', state: 'ok', remainingMs: hours(23) });
    expect(slaSnapshot(open, rule.warnBeforeMinutes, at(submittedAt, hours(22.5))).state).toBe('warning');
    const late = slaSnapshot(open, rule.warnBeforeMinutes, at(submittedAt, hours(25)));
    expect(late).toMatchObject({ state: 'breached', remainingMs: -hours(1), everBreached: true });
  });

  it('after the first response the clock runs for resolution', () => {
    const accepted = { ...open, status: 'accepted' as const, firstResponseAt: at(submittedAt, hours(2)).toISOString() };
    expect(slaSnapshot(accepted, rule.warnBeforeMinutes, at(submittedAt, hours(30)))).toMatchObject({ phase: 'resolution', state: 'ok', remainingMs: hours(18) });
    expect(nextDueAt(accepted)).toBe(due.resolutionDueAt);
  });

  it('a resolved ticket shows met or breached, and no running clock', () => {
    const resolvedInTime = { ...open, status: 'resolved' as const, firstResponseAt: at(submittedAt, hours(2)).toISOString(), resolvedAt: at(submittedAt, hours(40)).toISOString() };
    expect(slaSnapshot(resolvedInTime, 120, at(submittedAt, hours(100)))).toMatchObject({ phase: 'done', state: 'met' });
    expect(slaSnapshot({ ...resolvedInTime, resolvedAt: at(submittedAt, hours(50)).toISOString() }, 120, at(submittedAt, hours(100))).state).toBe('breached');
    expect(nextDueAt(resolvedInTime)).toBeNull();
  });
});

describe('escalation timers', () => {
  it('each level runs its own clock until it is answered', () => {
    const raised = '2026-11-23T08:00:00.000Z';
    const level2 = { level: 2 as const, at: raised, ...escalationDueTimes(2, raised), answeredAt: null };
    expect(escalationState(level2, 60, at(raised, hours(10)))).toEqual({ state: 'ok', remainingMs: hours(14) });
    expect(escalationState(level2, 60, at(raised, hours(23.5))).state).toBe('warning');
    expect(escalationState(level2, 60, at(raised, hours(25))).state).toBe('breached');
    expect(escalationState({ ...level2, answeredAt: at(raised, hours(5)).toISOString() }, 60, at(raised, hours(30))).state).toBe('met');
  });

  it('二级 also promises resolution within 48 h; 三级 has one promise, 5 working days', () => {
    const raised = '2026-11-23T08:00:00.000Z';
    const level2 = { level: 2 as const, at: raised, ...escalationDueTimes(2, raised), answeredAt: at(raised, hours(2)).toISOString() };
    expect(escalationResolveState(level2, null, 60, at(raised, hours(30)))).toEqual({ state: 'ok', remainingMs: hours(18) });
    expect(escalationResolveState(level2, null, 60, at(raised, hours(47.5))).state).toBe('warning');
    expect(escalationResolveState(level2, at(raised, hours(40)).toISOString(), 60, at(raised, hours(100))).state).toBe('met');
    expect(escalationResolveState(level2, at(raised, hours(50)).toISOString(), 60, at(raised, hours(100))).state).toBe('breached');
    const level3 = { level: 3 as const, at: raised, ...escalationDueTimes(3, raised), answeredAt: null };
    expect(escalationResolveState(level3, null, 60, at(raised, hours(1))).state).toBe('none');
    // Monday 23 Nov 2026, 16:00 in Beijing: Tue … Mon 30 Nov.
    expect(level3.dueAt).toBe('2026-11-30T08:00:00.000Z');
  });
});

describe('callback promises', () => {
  it('remind fifteen minutes ahead and turn overdue after the promised time', () => {
    const promised = '2026-11-23T14:00:00.000Z';
    expect(callbackState(promised, null, 15, new Date('2026-11-23T13:00:00Z'))).toBe('scheduled');
    expect(callbackState(promised, null, 15, new Date('2026-11-23T13:50:00Z'))).toBe('remind');
    expect(callbackState(promised, null, 15, new Date('2026-11-23T14:01:00Z'))).toBe('overdue');
    expect(callbackState(promised, '2026-11-23T13:55:00Z', 15, new Date('2026-11-23T14:01:00Z'))).toBe('done');
  });

  it('formats countdowns in both languages', () => {
    expect(formatCountdown(hours(23) + 59 * 60_000 + 7_000)).toBe('23:59:07');
    expect(formatCountdown(hours(26) + 3_000, 'zh-CN')).toBe('1天 02:00:03');
    expect(formatCountdown(-hours(1), 'en')).toBe('-01:00:00');
  });
});
