import type { FastifyInstance } from 'fastify';
import { PullQuery, type PullResponse } from '../../src-shared/sync/protocol.js';
import type { TokenSigner } from '../auth/tokens.js';
import type { ServerStorage } from '../storage/storage.js';
import { parseOr400 } from '../validate.js';
import { requireAgent } from './auth.js';

export function registerSyncRoutes(app: FastifyInstance, storage: ServerStorage, signer: TokenSigner): void {
  app.get('/v1/sync/pull', async (request): Promise<PullResponse> => {
    const claims = requireAgent(request, signer);
    const { cursor, limit } = parseOr400(PullQuery, request.query);
    const page = await storage.pull({ agentId: claims.sub, team: claims.team }, cursor, limit);
    return { ...page, epoch: await storage.epoch() };
  });
}
