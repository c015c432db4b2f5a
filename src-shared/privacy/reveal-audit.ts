import { z } from 'zod';
import { AgentId, AgentRole } from '../domain/agent.js';

// The centre's reveal audit over HTTP (`GET /v1/audit/reveals`): who looked at which masked value
// of which ticket, why and when. Team leads read their own team's, admins everyone's; agents and
// trainers none (an agent's own reveals are in the ticket's history).

export const RevealAuditQuery = z
  .object({
    agentId: AgentId.optional(),
    /** Admins only: one team; a team lead always reads their own. */
    team: z.string().min(1).max(64).optional(),
    since: z.string().datetime().optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();
export type RevealAuditQuery = z.infer<typeof RevealAuditQuery>;

/**
 * One look at a masked value as the centre recorded it from the `revealed` ticket event: who (from
 * the token), which ticket and field, why, and when by both clocks.
 */
export const RevealAuditEntry = z.object({
  /** The ticket event's id: the same event pushed again records nothing new. */
  eventId: z.string(),
  ticketId: z.string(),
  field: z.string(),
  reason: z.string(),
  agentId: z.string(),
  agentRole: AgentRole,
  team: z.string(),
  /** When the agent looked, by the workstation's clock (an offline reveal arrives later). */
  revealedAt: z.string(),
  /** When the centre recorded it. */
  recordedAt: z.string(),
});
export type RevealAuditEntry = z.infer<typeof RevealAuditEntry>;
export const RevealAuditResponse = z.object({ reveals: z.array(RevealAuditEntry) });
export type RevealAuditResponse = z.infer<typeof RevealAuditResponse>;
