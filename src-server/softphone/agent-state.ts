import type { AgentStateReport } from '../../src-shared/domain/softphone.js';
import type { ServerStorage } from '../storage/storage.js';

/**
 * Stores an agent's state report for the wallboard. Reports can arrive late, twice, or out of order
 * (the direct PUT and the outbox push both carry them; a queue drains after an outage), so only a
 * report newer than the stored one replaces it. Pushes of collection `agentState` follow the same
 * rule (`isNewerAgentState`, in the push decider) and never conflict.
 */
export async function applyAgentStateReport(
  storage: ServerStorage,
  agent: { id: string; team: string },
  report: AgentStateReport,
): Promise<boolean> {
  const stored = await storage.getDocument('agentState', agent.id);
  if (!isNewerAgentState(stored?.data, report)) return false;
  await storage.putDocuments([{ collection: 'agentState', id: agent.id, data: { agentId: agent.id, team: agent.team, ...report }, owner: agent.id }]);
  return true;
}

/** Whether a report is newer, by the agent's own clock, than the stored state (any report is newer than none). */
export function isNewerAgentState(stored: unknown, report: Record<string, unknown>): boolean {
  const storedAt = (stored as { at?: unknown } | null | undefined)?.at;
  const reportAt = typeof report.at === 'string' ? Date.parse(report.at) : Number.NaN;
  if (Number.isNaN(reportAt)) return false;
  return typeof storedAt !== 'string' || Date.parse(storedAt) < reportAt;
}
