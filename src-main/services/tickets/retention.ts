import { keptLocally, PURGEABLE_STATUSES, retentionCutoffs, type RetentionPolicy } from '../../../src-shared/tickets/retention.js';
import type { TicketDocument } from '../../../src-shared/tickets/ticket.js';
import type { TicketStatus } from '../../../src-shared/tickets/workflow.js';
import { writeAudit } from '../store/audit-log.js';
import type { Db } from '../store/open-store.js';
import { deleteTicketRows } from './ticket-rows.js';

// Applies the local retention rule (src-shared/tickets/retention.ts) to the agent's store: the
// purge at sign-in and once a day, and the check the pull makes before it stores a ticket.

export interface RetentionScope {
  /** The signed-in agent: their own tickets stay longer. */
  readonly agentId: string;
  readonly policy: () => RetentionPolicy;
  readonly now?: () => Date;
}

/**
 * A ticket the agent still has local business with stays whatever its age: an unpushed write, a
 * draft editing it, a refused write or a conflict waiting for the agent, a rejection to fix.
 */
const HELD_BY_LOCAL_WORK = `(
  EXISTS (SELECT 1 FROM outbox o WHERE o.collection = 'tickets' AND o.entity_id = t.id)
  OR EXISTS (SELECT 1 FROM ticket_drafts d WHERE d.ticket_id = t.id)
  OR EXISTS (SELECT 1 FROM sync_dead_letters l WHERE l.collection = 'tickets' AND l.entity_id = t.id)
  OR EXISTS (SELECT 1 FROM sync_conflicts c WHERE c.collection = 'tickets' AND c.entity_id = t.id)
  OR t.rejected_reason IS NOT NULL)`;

/** The agent owns it, is its assignee, or acted on it (an event of theirs in its history). */
const MINE = `(t.owner_id = @agent OR t.assignee_id = @agent
  OR EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id AND json_extract(e.data, '$.actor') = @agent))`;

/** Attachments no ticket, draft or unpushed write refers to, older than a day (one just attached may not be in its draft yet). */
const ORPHAN_ATTACHMENTS = `SELECT a.id FROM ticket_attachments a
  WHERE a.created_at < @dayAgo
    AND NOT EXISTS (SELECT 1 FROM ticket_docs d WHERE instr(d.doc, a.sha256) > 0)
    AND NOT EXISTS (SELECT 1 FROM ticket_drafts r WHERE instr(r.field_values, a.sha256) > 0)
    AND NOT EXISTS (SELECT 1 FROM outbox o WHERE instr(o.payload, a.sha256) > 0)`;

export interface PurgeReport {
  /** The removed tickets (for the list to refresh; never logged). */
  ids: string[];
  tickets: number;
  attachments: number;
  cutoffs: { team: string; mine: string };
}

/**
 * Removes the finished tickets this machine no longer keeps, with their history, search entries
 * and attachments no longer referenced, in one transaction with one audit row (counts and
 * cut-offs, no customer data). The freed pages are overwritten (secure_delete), and the WAL is
 * folded in and truncated, so the removed rows are not left in free pages or old WAL frames.
 */
export function purgeExpiredTickets(db: Db, scope: RetentionScope): PurgeReport {
  const now = scope.now?.() ?? new Date();
  const policy = scope.policy();
  const cutoffs = retentionCutoffs(policy, now);
  const statuses = PURGEABLE_STATUSES.map((status) => `'${status}'`).join(', ');
  const previous = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  try {
    const report = db.transaction((): PurgeReport => {
      // SQL narrows to finished tickets older than the shorter cut-off with no local work; the rule decides.
      const candidates = db
        .prepare(
          `SELECT t.id, t.status, t.updated_at AS updatedAt, ${MINE} AS mine FROM tickets t
           WHERE t.status IN (${statuses}) AND t.updated_at < @team AND NOT ${HELD_BY_LOCAL_WORK}`,
        )
        .all({ team: cutoffs.team, agent: scope.agentId }) as { id: string; status: TicketStatus; updatedAt: string; mine: number }[];
      const expired = candidates.filter((ticket) => !keptLocally({ ...ticket, mine: ticket.mine === 1 }, policy, now)).map((ticket) => ticket.id);
      for (const id of expired) deleteTicketRows(db, id);
      const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
      const orphans = expired.length === 0 ? [] : (db.prepare(ORPHAN_ATTACHMENTS).pluck().all({ dayAgo }) as string[]);
      const removeAttachment = db.prepare('DELETE FROM ticket_attachments WHERE id = ?');
      for (const id of orphans) removeAttachment.run(id);
      if (expired.length > 0) {
        writeAudit(db, {
          at: now,
          actor: scope.agentId,
          action: 'tickets.purged',
          target: 'tickets',
          reason: { tickets: expired.length, attachments: orphans.length, finishedBefore: cutoffs.team, ownFinishedBefore: cutoffs.mine, days: policy.days, mineDays: policy.mineDays },
        });
      }
      return { ids: expired, tickets: expired.length, attachments: orphans.length, cutoffs };
    })();
    if (report.tickets > 0) db.pragma('wal_checkpoint(TRUNCATE)');
    return report;
  } finally {
    db.pragma(`secure_delete = ${previous ? 'ON' : 'OFF'}`);
  }
}

/**
 * For the pull: false when a pulled ticket is one this machine no longer keeps (a full resync
 * would otherwise bring back what the purge removed). The caller keeps tickets with local work.
 */
export function keepsPulledTicket(doc: TicketDocument, scope: RetentionScope): boolean {
  const mine = doc.owner.id === scope.agentId || doc.assignee.agentId === scope.agentId || doc.events.some((event) => event.actor === scope.agentId);
  return keptLocally({ status: doc.status, updatedAt: doc.updatedAt, mine }, scope.policy(), scope.now?.() ?? new Date());
}

/** True when the agent has local business with the ticket (see HELD_BY_LOCAL_WORK). */
export function heldByLocalWork(db: Db, ticketId: string): boolean {
  const ticket = `(SELECT @id AS id, (SELECT rejected_reason FROM tickets WHERE id = @id) AS rejected_reason)`;
  return db.prepare(`SELECT 1 FROM ${ticket} t WHERE ${HELD_BY_LOCAL_WORK}`).get({ id: ticketId }) !== undefined;
}

/** Removes a pulled ticket's local rows when it falls outside retention; true when it did. */
export function dropPulledTicketIfExpired(db: Db, doc: TicketDocument, scope: RetentionScope | undefined): boolean {
  if (!scope || keepsPulledTicket(doc, scope) || heldByLocalWork(db, doc.id)) return false;
  deleteTicketRows(db, doc.id);
  return true;
}
