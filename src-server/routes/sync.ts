import type { FastifyInstance } from 'fastify';
import { PullQuery, PushRequest, type PullResponse, type PushResponse } from '../../src-shared/sync/protocol.js';
import type { TokenClaims, TokenSigner } from '../auth/tokens.js';
import type { AgentRateLimiter } from '../rate-limit.js';
import type { Pusher, ServerStorage } from '../storage/storage.js';
import { forbidden } from '../http-errors.js';
import { createDecider, type Visibility } from '../sync/decide.js';
import type { RulesSource } from '../sync/validators.js';
import type { Collection } from '../../src-shared/sync/protocol.js';
import { parseOr400 } from '../validate.js';
import { requireAgent } from './auth.js';

export interface SyncRouteOptions {
  rules: RulesSource;
  visibility?: Partial<Record<Collection, Visibility>>;
  limiter?: AgentRateLimiter;
}

export function registerSyncRoutes(app: FastifyInstance, storage: ServerStorage, signer: TokenSigner, options: SyncRouteOptions): void {
  const authorize = (request: Parameters<typeof requireAgent>[0]): TokenClaims => {
    const claims = requireAgent(request, signer);
    options.limiter?.take(claims.sub);
    return claims;
  };

  app.get('/v1/sync/pull', async (request): Promise<PullResponse> => {
    const claims = authorize(request);
    const { cursor, limit } = parseOr400(PullQuery, request.query);
    const page = await storage.pull({ agentId: claims.sub, team: claims.team }, cursor, limit);
    return { ...page, epoch: await storage.epoch() };
  });

  app.post('/v1/sync/push', async (request): Promise<PushResponse> => {
    const claims = authorize(request);
    const { clientId, mutations } = parseOr400(PushRequest, request.body);
    // Who pushes comes from the token and the agent record, never from the body.
    const agent = await storage.findAgent(claims.sub);
    if (!agent || agent.disabled) throw forbidden('Agent disabled');
    const pusher: Pusher = { clientId, agentId: claims.sub, team: claims.team, role: claims.role, name: agent.name };
    const rules = await options.rules.current();
    const results = await storage.applyMutations(pusher, mutations, createDecider(pusher, { rules, visibility: options.visibility }));
    const counts: Record<string, number> = {};
    for (const result of results) counts[result.status] = (counts[result.status] ?? 0) + 1;
    request.log.info({ agentId: claims.sub, clientId, ...counts }, 'push');
    return { results };
  });
}
