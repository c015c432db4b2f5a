import { z } from 'zod';
import type { AgentStateReport } from '../../../src-shared/domain/softphone.js';
import type { ApiClient } from '../api/api-client.js';
import { recordAgentState } from '../calls/call-store.js';
import type { Db } from '../store/open-store.js';
import { enqueueMutation } from '../sync/outbox.js';

const PutStateReply = z.object({ applied: z.boolean() });

/**
 * Records an agent state change and reports it to the centre. The local log row and the outbox entry
 * commit together first, so a change made offline is delivered by the sync push when the network is
 * back. When online, it is also sent at once so the team lead's wallboard is current; the server keeps
 * only the newest report, so the later outbox delivery of the same report changes nothing.
 */
export async function reportAgentState(
  db: Db,
  api: ApiClient,
  agentId: string,
  report: AgentStateReport,
  options: { sendNow: boolean } = { sendNow: true },
): Promise<{ delivered: boolean }> {
  db.transaction(() => {
    recordAgentState(db, report);
    enqueueMutation(db, { collection: 'agentState', entityId: agentId, op: 'update', patch: report, baseRev: null });
  })();
  if (!options.sendNow || !api.hasTokens) return { delivered: false };
  try {
    await api.request('PUT', '/v1/agents/me/state', PutStateReply, report);
    return { delivered: true };
  } catch {
    return { delivered: false };
  }
}
