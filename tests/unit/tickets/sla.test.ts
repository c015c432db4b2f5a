import { describe, expect, it } from 'vitest';
import { escalationDueTimes } from '../../../src-shared/tickets/escalation-ladder.js';
import { callbackState, escalationResolveState, escalationState, formatRemaining, nextDueAt, slaDueTimes, slaSnapshot, warningStartsAt } from '../../../src-shared/tickets/sla.js';
import { formOf } from './seed-forms.js';

const hours = (n: number) => n * 3_600_000;
const at = (base: string, offsetMs: number) => new Date(Date.parse(base) + offsetMs);

/** A complaint of the seed form submitted at `submittedAt`, with its rule and its fixed due times, not yet answered. */
function complaintSubmitted(priority: 'normal' | 'urgent', submittedAt: string) {
  const rule = formOf('complaint').sla[priority]!;
  const due = slaDueTimes(submittedAt, rule);
  return { rule, due, open: { status: 'submitted' as const, submittedAt, ...due, firstResponseAt: null, resolvedAt: null } };
}

describe('SLA of a complaint (first response 24 h, resolution 48 h, warning 2 h ahead)', () => {
  const submittedAt = '2026-11-23T08:00:00.000Z';
  const { rule, due, open } = complaintSubmitted('normal', submittedAt);

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

describe('the warning window', () => {
  // The seed complaint form warns 2 h ahead at every priority; urgent promises a first response in 2 h.
  const submittedAt = '2026-11-23T08:00:00.000Z';
  const { rule, due, open: urgent } = complaintSubmitted('urgent', submittedAt);

  it('an urgent ticket is not born 即将超时: the warning covers at most the last quarter of a promise', () => {
    expect(rule).toMatchObject({ firstResponseHours: 2, warnBeforeMinutes: 120 });
    expect(slaSnapshot(urgent, rule.warnBeforeMinutes, at(submittedAt, 1_000)).state).toBe('ok');
    expect(slaSnapshot(urgent, rule.warnBeforeMinutes, at(submittedAt, 89 * 60_000)).state).toBe('ok');
    expect(slaSnapshot(urgent, rule.warnBeforeMinutes, at(submittedAt, 90 * 60_000)).state).toBe('warning');
    // the list's stored warning time is the same rule
    expect(warningStartsAt(submittedAt, due.firstResponseDueAt, rule.warnBeforeMinutes)).toBe('2026-11-23T09:30:00.000Z');
  });

  it('a long promise warns the form\'s minutes ahead', () => {
    expect(warningStartsAt(submittedAt, '2026-11-24T08:00:00.000Z', 120)).toBe('2026-11-24T06:00:00.000Z');
    expect(warningStartsAt(null, '2026-11-24T08:00:00.000Z', 120)).toBe('2026-11-24T06:00:00.000Z');
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

  it('says the time left in words, whole minutes, never more than there is', () => {
    expect(formatRemaining(hours(3) + 12 * 60_000 + 59_000)).toBe('剩余 3 小时 12 分');
    expect(formatRemaining(-(20 * 60_000 + 30_000))).toBe('已超时 20 分');
    expect(formatRemaining(hours(2))).toBe('剩余 2 小时');
    expect(formatRemaining(hours(26) + 3_000, 'zh-CN')).toBe('剩余 1 天 2 小时');
    expect(formatRemaining(45_000)).toBe('剩余 不到 1 分');
    expect(formatRemaining(hours(3) + 12 * 60_000, 'en')).toBe('3 h 12 min left');
    expect(formatRemaining(-hours(1), 'en')).toBe('1 h overdue');
    expect(formatRemaining(-hours(49), 'en')).toBe('2 d 1 h overdue');
  });
});
