import type { FastifyInstance } from 'fastify';
import { AgentStateReport, type SipProvisioning } from '../../src-shared/domain/softphone.js';
import type { TokenSigner } from '../auth/tokens.js';
import { HttpError } from '../http-errors.js';
import { applyAgentStateReport } from '../softphone/agent-state.js';
import { provisionFor, type SoftphoneServerConfig } from '../softphone/sip-provisioning.js';
import type { ServerStorage } from '../storage/storage.js';
import { parseOr400 } from '../validate.js';
import { requireAgent } from './auth.js';

export function registerSoftphoneRoutes(
  app: FastifyInstance,
  storage: ServerStorage,
  signer: TokenSigner,
  config: SoftphoneServerConfig | undefined,
): void {
  app.get('/v1/agents/me/sip', async (request): Promise<SipProvisioning> => {
    const claims = requireAgent(request, signer);
    if (!config) throw new HttpError(404, 'NOT_FOUND', 'No SIP service configured for this centre');
    const agent = await storage.findAgent(claims.sub);
    if (!agent || agent.disabled) throw new HttpError(403, 'FORBIDDEN', 'Agent disabled');
    return provisionFor(agent, config);
  });

  app.put('/v1/agents/me/state', async (request) => {
    const claims = requireAgent(request, signer);
    const report = parseOr400(AgentStateReport, request.body);
    return { applied: await applyAgentStateReport(storage, { id: claims.sub, team: claims.team }, report) };
  });
}
