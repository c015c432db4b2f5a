import type { SlaRule } from './form-schema.js';
import { isOpen, type TicketStatus } from './workflow.js';

// SLA and timer arithmetic with the clock passed in, so tests can move time and every view
// (list, detail, server report) computes the same state from the same stored times.

const HOUR = 3_600_000;
const MINUTE = 60_000;

export interface SlaDueTimes {
  firstResponseDueAt: string;
  resolutionDueAt: string;
}

/** Due times are fixed at submission: a later change of the published rules does not move a promise. */
export function slaDueTimes(submittedAt: string, rule: SlaRule): SlaDueTimes {
  const start = Date.parse(submittedAt);
  return {
    firstResponseDueAt: new Date(start + rule.firstResponseHours * HOUR).toISOString(),
    resolutionDueAt: new Date(start + rule.resolutionHours * HOUR).toISOString(),
  };
}

export type TimerState = 'ok' | 'warning' | 'breached' | 'met' | 'none';

export interface SlaSnapshot {
  /** Which promise the clock is running for now. */
  phase: 'firstResponse' | 'resolution' | 'done';
  dueAt: string | null;
  /** Negative once breached. */
  remainingMs: number | null;
  state: TimerState;
  /** Whether either promise was broken at any point (stays true after resolution). */
  everBreached: boolean;
}

export interface SlaTicketTimes {
  status: TicketStatus;
  /** When both promises started running. */
  submittedAt: string | null;
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
}

/** The warning never covers more than this share of a promise (see warningStartsAt). */
const MAX_WARNING_SHARE = 0.25;

/**
 * When "due soon" begins: `warnBeforeMinutes` ahead of the due time, but never earlier than the
 * last quarter of the promise. A form's one warning (2 h on the seed complaint form) is right for a
 * 24-hour promise and wrong for an urgent 2-hour one, which would be born 即将超时.
 */
export function warningStartsAt(startedAt: string | null, dueAt: string, warnBeforeMinutes: number): string {
  return new Date(warningStartMs(startedAt ? Date.parse(startedAt) : Number.NaN, Date.parse(dueAt), warnBeforeMinutes)).toISOString();
}

/** The same in epoch milliseconds; an unknown start (NaN) leaves the form's minutes alone. */
function warningStartMs(startMs: number, dueMs: number, warnBeforeMinutes: number): number {
  const promise = Number.isNaN(startMs) ? Number.POSITIVE_INFINITY : Math.max(0, dueMs - startMs);
  return dueMs - Math.min(warnBeforeMinutes * MINUTE, promise * MAX_WARNING_SHARE);
}

const timerState = (startedAt: string | null, dueMs: number, warnBeforeMinutes: number, at: number): TimerState =>
  dueMs < at ? 'breached' : warningStartMs(startedAt ? Date.parse(startedAt) : Number.NaN, dueMs, warnBeforeMinutes) <= at ? 'warning' : 'ok';

export function slaSnapshot(ticket: SlaTicketTimes, warnBeforeMinutes: number, now: Date): SlaSnapshot {
  const at = now.getTime();
  const firstDue = ticket.firstResponseDueAt ? Date.parse(ticket.firstResponseDueAt) : null;
  const resolutionDue = ticket.resolutionDueAt ? Date.parse(ticket.resolutionDueAt) : null;
  const firstAt = ticket.firstResponseAt ? Date.parse(ticket.firstResponseAt) : null;
  const resolvedAt = ticket.resolvedAt ? Date.parse(ticket.resolvedAt) : null;
  const firstBroken = firstDue !== null && (firstAt ?? at) > firstDue;
  const resolutionBroken = resolutionDue !== null && (resolvedAt ?? at) > resolutionDue;
  const everBreached = firstBroken || resolutionBroken;

  if (firstDue === null || resolutionDue === null) return { phase: 'done', dueAt: null, remainingMs: null, state: 'none', everBreached: false };
  if (!isOpen(ticket.status)) return { phase: 'done', dueAt: null, remainingMs: null, state: everBreached ? 'breached' : 'met', everBreached };
  const [phase, due] = firstAt === null ? (['firstResponse', firstDue] as const) : (['resolution', resolutionDue] as const);
  const remainingMs = due - at;
  return { phase, dueAt: new Date(due).toISOString(), remainingMs, state: timerState(ticket.submittedAt, due, warnBeforeMinutes, at), everBreached };
}

/** The time the list sorts and filters "due soon / breached" by: the running promise's due time. */
export function nextDueAt(ticket: SlaTicketTimes): string | null {
  if (!isOpen(ticket.status)) return null;
  return ticket.firstResponseAt === null ? ticket.firstResponseDueAt : ticket.resolutionDueAt;
}

export interface EscalationTimer {
  level: 1 | 2 | 3;
  at: string;
  dueAt: string;
  resolveDueAt?: string;
  answeredAt: string | null;
}

/** Each escalation level runs its own clock (escalation-ladder.ts) from the moment it was raised until the level answers. */
export function escalationState(escalation: EscalationTimer, warnBeforeMinutes: number, now: Date): { state: TimerState; remainingMs: number | null } {
  if (escalation.answeredAt) {
    return { state: Date.parse(escalation.answeredAt) > Date.parse(escalation.dueAt) ? 'breached' : 'met', remainingMs: null };
  }
  const due = Date.parse(escalation.dueAt);
  return { state: timerState(escalation.at, due, warnBeforeMinutes, now.getTime()), remainingMs: due - now.getTime() };
}

/** An escalation's resolution promise: met when the ticket is resolved in time; none on escalations that made no separate one. */
export function escalationResolveState(escalation: EscalationTimer, resolvedAt: string | null, warnBeforeMinutes: number, now: Date): { state: TimerState; remainingMs: number | null } {
  if (!escalation.resolveDueAt || escalation.resolveDueAt === escalation.dueAt) return { state: 'none', remainingMs: null };
  return escalationState({ ...escalation, dueAt: escalation.resolveDueAt, answeredAt: resolvedAt }, warnBeforeMinutes, now);
}

export type CallbackState = 'none' | 'scheduled' | 'remind' | 'overdue' | 'done';

/** A promised callback (约定回访时间): remind `reminderMinutes` ahead, overdue once the time has passed. */
export function callbackState(callbackAt: string | null, callbackDoneAt: string | null, reminderMinutes: number, now: Date): CallbackState {
  if (!callbackAt) return 'none';
  if (callbackDoneAt) return 'done';
  const remaining = Date.parse(callbackAt) - now.getTime();
  if (remaining < 0) return 'overdue';
  return remaining <= reminderMinutes * MINUTE ? 'remind' : 'scheduled';
}

/**
 * Time left on a promise as an agent says it: "剩余 3 小时 12 分", "已超时 20 分" / "3 h 12 min left",
 * "20 min overdue". Whole minutes, rounded towards less time left (and less time overdue), so it
 * never promises more than there is; a clock like 11:59:05 reads as the time of day.
 */
export function formatRemaining(remainingMs: number, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const overdue = remainingMs < 0;
  const minutes = Math.floor(Math.abs(remainingMs) / MINUTE);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const zh = locale !== 'en';
  const parts =
    minutes === 0
      ? [zh ? '不到 1 分' : 'under 1 min']
      : days > 0
        ? [zh ? `${days} 天` : `${days} d`, ...(hours > 0 ? [zh ? `${hours} 小时` : `${hours} h`] : [])]
        : [...(hours > 0 ? [zh ? `${hours} 小时` : `${hours} h`] : []), ...(rest > 0 ? [zh ? `${rest} 分` : `${rest} min`] : [])];
  const amount = parts.join(' ');
  if (zh) return `${overdue ? '已超时' : '剩余'} ${amount}`;
  return `${amount} ${overdue ? 'overdue' : 'left'}`;
}
