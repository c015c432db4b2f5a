import type { EscalationLevel } from './form-schema.js';
import type { LocalText } from './text.js';

// 投诉三级升级机制 (seeds/handbook/投诉处理/escalation-levels.md, the centre's 投诉自处理 + 三级升级):
// who handles a ticket at each level and within how long. This is the one definition: the escalate
// form offers its levels, the escalation timers run by it, and a test holds the handbook article
// (and the published forms, which carry no ladder of their own) to it.

/** A time limit: hours on the clock, or working days (Monday to Friday, China time). */
export type Deadline = { hours: number } | { workingDays: number };

export interface EscalationRung {
  level: EscalationLevel;
  /** 一级 / 二级 / 三级. */
  name: LocalText;
  /** Who handles the ticket at this level, as the handbook names them. */
  handler: LocalText;
  /** The short form on badges and in the timeline (the handbook's ladder picture). */
  short: LocalText;
  /** The queue an escalation hands the ticket to; null at 一级, where the first-contact owner keeps it. */
  queue: LocalText | null;
  /** The handler contacts the customer within this; null where the level promises no separate contact. */
  contact: Deadline | null;
  /** The ticket is resolved within this: from submission at 一级, from the escalation above it. */
  resolve: Deadline;
}

export const ESCALATION_LADDER: Readonly<Record<EscalationLevel, EscalationRung>> = {
  1: {
    level: 1,
    name: { zh: '一级', en: 'Level 1' },
    handler: { zh: '受理客服代表（首问责任人）', en: 'The agent who took the call (first-contact owner)' },
    short: { zh: '客服代表自处理', en: 'handled by the agent' },
    queue: null,
    contact: null,
    resolve: { hours: 2 },
  },
  2: {
    level: 2,
    name: { zh: '二级', en: 'Level 2' },
    handler: { zh: '投诉处理专席 / 班组长', en: 'Complaint desk / team lead' },
    short: { zh: '投诉专席', en: 'complaint desk' },
    queue: { zh: '投诉处理专席', en: 'Complaint desk' },
    contact: { hours: 24 },
    resolve: { hours: 48 },
  },
  3: {
    level: 3,
    name: { zh: '三级', en: 'Level 3' },
    handler: { zh: '中心投诉管理 + 专业部门，认责委员会', en: 'Centre complaint management with the specialist department; accountability committee' },
    short: { zh: '中心督办', en: 'centre oversight' },
    queue: { zh: '中心投诉管理', en: 'Centre complaint management' },
    contact: null,
    resolve: { workingDays: 5 },
  },
};

/** Levels an escalation can raise a ticket to: every ticket starts at 一级 with its first-contact owner. */
export const ESCALATION_TARGETS: readonly EscalationLevel[] = [2, 3];

/** "二级（投诉专席）". */
export const escalationLabel = (level: EscalationLevel): LocalText => {
  const { name, short } = ESCALATION_LADDER[level];
  return { zh: `${name.zh}（${short.zh}）`, en: `${name.en} (${short.en})` };
};

const deadlineText = (deadline: Deadline, zhVerb: string, enVerb: string): LocalText =>
  'hours' in deadline
    ? { zh: `${deadline.hours} 小时内${zhVerb}`, en: `${enVerb} within ${deadline.hours} h` }
    : { zh: `${deadline.workingDays} 个工作日内${zhVerb}`, en: `${enVerb} within ${deadline.workingDays} working days` };

/** "24 小时内联系，48 小时内办结". */
export function escalationTimeLimits(level: EscalationLevel): LocalText {
  const { contact, resolve } = ESCALATION_LADDER[level];
  const parts = [...(contact ? [deadlineText(contact, '联系', 'contact')] : []), deadlineText(resolve, '办结', 'resolved')];
  return { zh: parts.map((part) => part.zh).join('，'), en: parts.map((part) => part.en).join(', ') };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** China Standard Time has no daylight saving: UTC+8 all year. */
const CHINA_OFFSET = 8 * HOUR;

/**
 * `days` working days after `from`, at the same time of day: each following Monday to Friday (in
 * China time, whatever the workstation's zone) counts one. Public holidays and their swapped
 * working weekends are not known here (the centre publishes no calendar), so they count as usual.
 */
export function addWorkingDays(from: string, days: number): string {
  let at = Date.parse(from);
  for (let counted = 0; counted < days; ) {
    at += DAY;
    const weekday = new Date(at + CHINA_OFFSET).getUTCDay();
    if (weekday !== 0 && weekday !== 6) counted++;
  }
  return new Date(at).toISOString();
}

export const deadlineFrom = (from: string, deadline: Deadline): string =>
  'hours' in deadline ? new Date(Date.parse(from) + deadline.hours * HOUR).toISOString() : addWorkingDays(from, deadline.workingDays);

/**
 * When an escalation raised at `at` is due: the handler's contact (or, where the level promises
 * none, the resolution) and the resolution. Fixed when raised, like every SLA promise.
 */
export function escalationDueTimes(level: EscalationLevel, at: string): { dueAt: string; resolveDueAt: string } {
  const { contact, resolve } = ESCALATION_LADDER[level];
  const resolveDueAt = deadlineFrom(at, resolve);
  return { dueAt: contact ? deadlineFrom(at, contact) : resolveDueAt, resolveDueAt };
}
