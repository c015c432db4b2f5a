import { z } from 'zod';
import type { AgentRole } from '../domain/agent.js';
import { ESCALATION_TARGETS, escalationLabel } from './escalation-ladder.js';
import type { EscalationLevel } from './form-schema.js';
import type { LocalText } from './text.js';

// The ticket workflow, in one place for renderer (which buttons to show), main (what to write) and
// server (what to accept). A draft lives only on the agent's machine; submitting makes it a ticket.

export const TicketStatus = z.enum(['draft', 'submitted', 'accepted', 'in_progress', 'waiting_customer', 'resolved', 'closed', 'reopened']);
export type TicketStatus = z.infer<typeof TicketStatus>;

const HANDLERS: readonly AgentRole[] = ['agent', 'teamlead', 'admin'];
const SUPERVISORS: readonly AgentRole[] = ['teamlead', 'admin'];

/**
 * Allowed moves and who may make them. Agents handle tickets end to end (most inquiries are
 * resolved on the first call); closing a resolved ticket and reopening a closed one are a
 * supervisor's call, because both change what the centre reports. Trainers only watch.
 */
export const TRANSITIONS: Readonly<Record<TicketStatus, readonly { to: TicketStatus; roles: readonly AgentRole[] }[]>> = {
  draft: [{ to: 'submitted', roles: HANDLERS }],
  submitted: [
    { to: 'accepted', roles: HANDLERS },
    { to: 'resolved', roles: HANDLERS },
  ],
  accepted: [
    { to: 'in_progress', roles: HANDLERS },
    { to: 'waiting_customer', roles: HANDLERS },
    { to: 'resolved', roles: HANDLERS },
  ],
  in_progress: [
    { to: 'waiting_customer', roles: HANDLERS },
    { to: 'resolved', roles: HANDLERS },
  ],
  waiting_customer: [
    { to: 'in_progress', roles: HANDLERS },
    { to: 'resolved', roles: HANDLERS },
  ],
  resolved: [
    { to: 'closed', roles: SUPERVISORS },
    { to: 'reopened', roles: HANDLERS },
  ],
  closed: [{ to: 'reopened', roles: SUPERVISORS }],
  reopened: [
    { to: 'in_progress', roles: HANDLERS },
    { to: 'resolved', roles: HANDLERS },
  ],
};

export function allowedTransitions(from: TicketStatus, role: AgentRole): TicketStatus[] {
  return TRANSITIONS[from].filter((move) => move.roles.includes(role)).map((move) => move.to);
}

export function canTransition(from: TicketStatus, to: TicketStatus, role: AgentRole): boolean {
  return allowedTransitions(from, role).includes(to);
}

/** Statuses in which the customer still waits for us: SLA clocks run, escalation is possible. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['submitted', 'accepted', 'in_progress', 'waiting_customer', 'reopened'];
export const isOpen = (status: TicketStatus) => OPEN_STATUSES.includes(status);

/** A first response is given when someone accepts the ticket or moves it on. */
export const countsAsFirstResponse = (to: TicketStatus) => to !== 'submitted' && to !== 'draft' && to !== 'reopened';

/**
 * Escalation goes up the ladder only (escalation-ladder.ts). Every ticket starts at 一级 with its
 * first-contact owner; an agent raises it to 二级 (投诉专席) when the customer's problem needs it,
 * 三级 (中心督办) is a supervisor's call.
 */
export function canEscalate(current: number, target: EscalationLevel, role: AgentRole, status: TicketStatus): boolean {
  if (!isOpen(status) || target <= current || !ESCALATION_TARGETS.includes(target)) return false;
  if (target === 3) return SUPERVISORS.includes(role);
  return HANDLERS.includes(role);
}

export const canTransfer = (role: AgentRole, status: TicketStatus) => HANDLERS.includes(role) && isOpen(status);
export const canAddNote = (role: AgentRole) => HANDLERS.includes(role);

export const STATUS_LABELS: Record<TicketStatus, LocalText> = {
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '已提交', en: 'Submitted' },
  accepted: { zh: '已受理', en: 'Accepted' },
  in_progress: { zh: '处理中', en: 'In progress' },
  waiting_customer: { zh: '待客户反馈', en: 'Waiting for customer' },
  resolved: { zh: '已解决', en: 'Resolved' },
  closed: { zh: '已关闭', en: 'Closed' },
  reopened: { zh: '已重开', en: 'Reopened' },
};

/** The verb on the button that makes a move. */
export const TRANSITION_LABELS: Record<TicketStatus, LocalText> = {
  draft: { zh: '存为草稿', en: 'Save as draft' },
  submitted: { zh: '提交', en: 'Submit' },
  accepted: { zh: '受理', en: 'Accept' },
  in_progress: { zh: '开始处理', en: 'Start work' },
  waiting_customer: { zh: '等待客户', en: 'Wait for customer' },
  resolved: { zh: '解决', en: 'Resolve' },
  closed: { zh: '关闭', en: 'Close' },
  reopened: { zh: '重开', en: 'Reopen' },
};

export const PRIORITY_LABELS: Record<'low' | 'normal' | 'high' | 'urgent', LocalText> = {
  low: { zh: '低', en: 'Low' },
  normal: { zh: '普通', en: 'Normal' },
  high: { zh: '高', en: 'High' },
  urgent: { zh: '紧急', en: 'Urgent' },
};

export const ESCALATION_LABELS: Record<EscalationLevel, LocalText> = { 1: escalationLabel(1), 2: escalationLabel(2), 3: escalationLabel(3) };
