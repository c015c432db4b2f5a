import type { AgentStateReport } from '../../src-shared/domain/softphone.js';
import type { ServerStorage } from '../storage/storage.js';

/**
 * Stores an agent's state report for the wallboard. Reports can arrive late, twice, or out of order
 * (the direct PUT and the outbox push both carry them; a queue drains after an outage), so only a
 * report newer than the stored one replaces it. The sync push handler for collection `agentState`
 * must call this too.
 */
export async function applyAgentStateReport(
  storage: ServerStorage,
  agent: { id: string; team: string },
  report: AgentStateReport,
): Promise<boolean> {
  const stored = await storage.getDocument('agentState', agent.id);
  const storedAt = (stored?.data as { at?: string } | null | undefined)?.at;
  if (storedAt && Date.parse(storedAt) >= Date.parse(report.at)) return false;
  await storage.putDocuments([{ collection: 'agentState', id: agent.id, data: { agentId: agent.id, team: agent.team, ...report }, owner: agent.id }]);
  return true;
}
