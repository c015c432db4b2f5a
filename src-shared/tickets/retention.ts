import type { TicketStatus } from './workflow.js';

// Local retention: what a team member's machine keeps of the team's tickets. A lost laptop should
// hold the work in hand, not the team's whole history; the centre's API keeps the history.
// One rule, used by the purge and by the pull (so a pull or a full resync does not bring back
// what the purge removed).

export interface RetentionPolicy {
  /** Days a finished ticket of a colleague stays after its last change. */
  readonly days: number;
  /** Days a finished ticket the agent owned, was assigned or worked on stays after its last change. */
  readonly mineDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { days: 30, mineDays: 180 };

/** Only finished tickets are ever purged; open ones (and drafts) are work in hand. */
export const PURGEABLE_STATUSES: readonly TicketStatus[] = ['resolved', 'closed'];

export interface RetentionFacts {
  readonly status: TicketStatus;
  /** ISO time of the ticket's last change. */
  readonly updatedAt: string;
  /** True when the agent owns it, is its assignee or appears as an actor in its history. */
  readonly mine: boolean;
}

const DAY_MS = 86_400_000;

/** The oldest last-change time still kept, for colleagues' tickets and for the agent's own. */
export function retentionCutoffs(policy: RetentionPolicy, now: Date): { team: string; mine: string } {
  return {
    team: new Date(now.getTime() - policy.days * DAY_MS).toISOString(),
    mine: new Date(now.getTime() - Math.max(policy.mineDays, policy.days) * DAY_MS).toISOString(),
  };
}

/** True while the ticket belongs on this machine. A time that cannot be read keeps the ticket. */
export function keptLocally(ticket: RetentionFacts, policy: RetentionPolicy, now: Date): boolean {
  if (!PURGEABLE_STATUSES.includes(ticket.status)) return true;
  const changed = Date.parse(ticket.updatedAt);
  if (Number.isNaN(changed)) return true;
  const cutoffs = retentionCutoffs(policy, now);
  return changed >= Date.parse(ticket.mine ? cutoffs.mine : cutoffs.team);
}
