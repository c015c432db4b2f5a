import type { AgentRole } from '../domain/agent.js';
import { sameJson } from '../sync/patch-paths.js';
import type { TicketDocument, TicketEvent } from './ticket.js';
import { canEscalate, canTransfer, canTransition, STATUS_LABELS, TRANSITIONS, type TicketStatus } from './workflow.js';

// Who may write what to a ticket, checked on the central API for every push with the workflow
// the renderer uses to show buttons and main uses to write (workflow.ts). The workstation never
// offers a refused move, so a refusal here means a tampered or outdated client; the reason is
// shown on the ticket in the agent's language and nothing of that write is kept.

export interface TicketWriter {
  agentId: string;
  team: string;
  role: AgentRole;
}

/** A refused write: a stable code for programs and the reason for the agent, in both UI languages. */
export interface TicketRefusal {
  code: TicketRefusalCode;
  zh: string;
  en: string;
}

export type TicketRefusalCode =
  | 'TRAINING_NEVER_SYNCS'
  | 'DELETE_NOT_ALLOWED'
  | 'EVENTS_APPEND_ONLY'
  | 'FORGED_ACTOR'
  | 'REVEAL_UNEXPLAINED'
  | 'IMMUTABLE_FIELD'
  | 'OWNER_NOT_PUSHER'
  | 'STATUS_NOT_ALLOWED'
  | 'ESCALATION_NOT_ALLOWED'
  | 'ESCALATION_HISTORY'
  | 'TRANSFER_NOT_ALLOWED'
  | 'ASSIGNEE_NOT_ALLOWED';

const refusal = (code: TicketRefusalCode, zh: string, en: string): TicketRefusal => ({ code, zh, en });

/** Set once, when the ticket is created: who took the first contact, and when. */
export const IMMUTABLE_TICKET_FIELDS = ['id', 'number', 'type', 'createdAt', 'submittedAt', 'owner', 'team'] as const;

/** Roles that never push tickets or calls: a trainer's sessions are training and never sync. */
export const NEVER_SYNCS: readonly AgentRole[] = ['trainer'];

/** Only the centre's administrators remove a ticket; the history is the quality team's evidence. */
export const canDeleteTicket = (role: AgentRole) => role === 'admin';

/** Whether a role may push anything to tickets or calls at all. */
export function writeAccessRefusal(role: AgentRole): TicketRefusal | null {
  return NEVER_SYNCS.includes(role) ? refusal('TRAINING_NEVER_SYNCS', '培训账号的操作不会同步到中心', 'Training accounts never sync to the centre') : null;
}

export function deleteRefusal(role: AgentRole): TicketRefusal | null {
  return canDeleteTicket(role) ? null : refusal('DELETE_NOT_ALLOWED', '工单不能删除（只有中心管理员可以）', 'Tickets cannot be deleted (only a centre administrator can)');
}

/** `events` only grow, through append: a create or update that names them is refused whole. */
export function eventsTouchedRefusal(patchKeys: readonly string[]): TicketRefusal | null {
  return patchKeys.some((key) => key === 'events' || key.startsWith('events.'))
    ? refusal('EVENTS_APPEND_ONLY', '工单历史只能追加，不能修改或删除', 'The ticket history can only be added to, never changed or erased')
    : null;
}

/** An appended event must be the pusher's own, and a transition it records must be one their role may make. */
export function eventRefusal(event: TicketEvent, writer: TicketWriter): TicketRefusal | null {
  if (event.actor !== writer.agentId || event.actorRole !== writer.role) {
    return refusal('FORGED_ACTOR', '工单历史只能以本人名义记录', 'A ticket history entry can only be recorded in your own name');
  }
  if (event.kind === 'revealed' && (!event.field || !event.reason?.trim())) {
    return refusal('REVEAL_UNEXPLAINED', '查看敏感信息必须记录字段和原因', 'Viewing a sensitive value must record the field and a reason');
  }
  if (event.kind === 'transition' && event.from && event.to && !canTransition(event.from, event.to, writer.role)) {
    return statusRefusal(event.from, event.to);
  }
  return null;
}

/**
 * A write as the server would store it: `before` the current ticket (undefined for a create),
 * `after` the ticket with the write applied.
 */
export function ticketWriteRefusal(before: TicketDocument | undefined, after: TicketDocument, writer: TicketWriter): TicketRefusal | null {
  if (!before) return createRefusal(after, writer);
  for (const field of IMMUTABLE_TICKET_FIELDS) {
    if (!sameJson(before[field], after[field])) {
      return refusal('IMMUTABLE_FIELD', `工单的${IMMUTABLE_LABELS[field].zh}创建后不能修改`, `A ticket's ${IMMUTABLE_LABELS[field].en} cannot change after it is created`);
    }
  }
  if (before.status !== after.status && !canTransition(before.status, after.status, writer.role)) return statusRefusal(before.status, after.status);
  const escalated = before.escalationLevel !== after.escalationLevel;
  if (escalated && (after.escalationLevel === 0 || !canEscalate(before.escalationLevel, after.escalationLevel, writer.role, before.status))) {
    return escalationRefusal(after.escalationLevel);
  }
  if (!escalationHistoryKept(before, after)) {
    return refusal('ESCALATION_HISTORY', '升级记录只能追加和答复，不能修改', 'Escalations can only be added and answered, never changed');
  }
  if (!escalated && before.assignee.team !== after.assignee.team && !canTransfer(writer.role, before.status)) {
    return refusal('TRANSFER_NOT_ALLOWED', '此状态的工单不能转派', 'A ticket in this status cannot be transferred');
  }
  const handler = after.assignee.agentId;
  if (handler !== before.assignee.agentId && handler !== null && handler !== writer.agentId && writer.role === 'agent') {
    return refusal('ASSIGNEE_NOT_ALLOWED', '只能由班组长把工单指派给其他坐席', 'Only a team lead assigns a ticket to another agent');
  }
  return null;
}

function createRefusal(ticket: TicketDocument, writer: TicketWriter): TicketRefusal | null {
  if (ticket.owner.id !== writer.agentId || ticket.owner.team !== writer.team || ticket.team !== writer.team) {
    return refusal('OWNER_NOT_PUSHER', '新工单的首问负责人必须是提交人本人及其班组', "A new ticket's first-contact owner must be the agent who submits it, with their team");
  }
  // A ticket made offline may arrive already moved on; it must be where its owner could have taken it.
  if (!reachableBy(ticket.status, writer.role)) return statusRefusal('submitted', ticket.status);
  if (ticket.escalationLevel !== 0 && !canEscalate(0, ticket.escalationLevel, writer.role, 'submitted')) return escalationRefusal(ticket.escalationLevel);
  return null;
}

/** Statuses a role can take a just-submitted ticket to, by moves it may make. */
function reachableBy(target: TicketStatus, role: AgentRole): boolean {
  const seen = new Set<TicketStatus>(['submitted']);
  const queue: TicketStatus[] = ['submitted'];
  while (queue.length > 0) {
    const from = queue.shift()!;
    for (const move of TRANSITIONS[from]) {
      if (move.roles.includes(role) && !seen.has(move.to)) {
        seen.add(move.to);
        queue.push(move.to);
      }
    }
  }
  return seen.has(target);
}

/** Earlier escalations stay as they were; the only change allowed is the level answering one. */
function escalationHistoryKept(before: TicketDocument, after: TicketDocument): boolean {
  if (after.escalations.length < before.escalations.length) return false;
  return before.escalations.every((earlier, index) => {
    const now = after.escalations[index]!;
    return sameJson({ ...earlier, answeredAt: null }, { ...now, answeredAt: null }) && (earlier.answeredAt === null || earlier.answeredAt === now.answeredAt);
  });
}

const statusRefusal = (from: TicketStatus, to: TicketStatus) =>
  refusal(
    'STATUS_NOT_ALLOWED',
    `你的角色不能把工单从「${STATUS_LABELS[from].zh}」改为「${STATUS_LABELS[to].zh}」`,
    `Your role cannot move a ticket from ${STATUS_LABELS[from].en} to ${STATUS_LABELS[to].en}`,
  );

const escalationRefusal = (level: number) =>
  refusal('ESCALATION_NOT_ALLOWED', `你的角色不能把工单升级到${level === 0 ? '未升级' : `${'一二三'[level - 1]}级`}`, `Your role cannot escalate this ticket to level ${level}`);

const IMMUTABLE_LABELS: Record<(typeof IMMUTABLE_TICKET_FIELDS)[number], { zh: string; en: string }> = {
  id: { zh: '编号', en: 'id' },
  number: { zh: '工单号', en: 'number' },
  type: { zh: '类型', en: 'type' },
  createdAt: { zh: '创建时间', en: 'creation time' },
  submittedAt: { zh: '提交时间', en: 'submission time' },
  owner: { zh: '首问负责人', en: 'first-contact owner' },
  team: { zh: '首问班组', en: 'first-contact team' },
};
