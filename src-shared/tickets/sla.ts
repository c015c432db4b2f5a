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
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
}

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
  const state: TimerState = remainingMs < 0 ? 'breached' : remainingMs <= warnBeforeMinutes * MINUTE ? 'warning' : 'ok';
  return { phase, dueAt: new Date(due).toISOString(), remainingMs, state, everBreached };
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
  const remainingMs = Date.parse(escalation.dueAt) - now.getTime();
  return { state: remainingMs < 0 ? 'breached' : remainingMs <= warnBeforeMinutes * MINUTE ? 'warning' : 'ok', remainingMs };
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

/** "23:59:07", "1天 02:03:04" / "1d 02:03:04"; a minus sign once the time has passed. */
export function formatCountdown(remainingMs: number, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const sign = remainingMs < 0 ? '-' : '';
  let seconds = Math.floor(Math.abs(remainingMs) / 1000);
  const days = Math.floor(seconds / 86_400);
  seconds -= days * 86_400;
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
  return `${sign}${days > 0 ? `${days}${locale === 'en' ? 'd' : '天'} ` : ''}${clock}`;
}
