import type { FastifyInstance } from 'fastify';
import { PublishRequest } from '../../src-shared/sync/protocol.js';
import type { TokenSigner } from '../auth/tokens.js';
import { HttpError, forbidden } from '../http-errors.js';
import type { AgentRateLimiter } from '../rate-limit.js';
import type { ServerStorage } from '../storage/storage.js';
import type { RulesSource } from '../sync/validators.js';
import { parseOr400 } from '../validate.js';
import { requireAgent } from './auth.js';

/**
 * `POST /v1/admin/publish`: an admin publishes content everyone sees (handbook, scripts, form
 * schemas, complaint codes, assets, config). The whole request is one transaction and one poke.
 */
export function registerAdminRoutes(
  app: FastifyInstance,
  storage: ServerStorage,
  signer: TokenSigner,
  options: { rules: RulesSource; limiter?: AgentRateLimiter },
): void {
  app.post('/v1/admin/publish', async (request) => {
    const claims = requireAgent(request, signer);
    if (claims.role !== 'admin') throw forbidden('Only admins publish content');
    options.limiter?.take(claims.sub);
    const { documents } = parseOr400(PublishRequest, request.body);
    const rules = await options.rules.current();
    const publisher = { clientId: 'admin-publish', agentId: claims.sub, team: claims.team, role: claims.role, name: claims.sub };
    const problems = documents.flatMap((document) => {
      if (document.deleted) return [];
      if (!document.data) return [`${document.collection}/${document.id}: data is required unless deleted`];
      const problem = rules[document.collection]?.check?.(undefined, document.data, publisher);
      if (!problem) return [];
      return [`${document.collection}/${document.id}: ${typeof problem === 'string' ? problem : problem.zh}`];
    });
    if (problems.length > 0) throw new HttpError(400, 'VALIDATION', problems.slice(0, 20).join('; '));
    await storage.putDocuments(documents.map((document) => ({ ...document, team: null, owner: null })));
    request.log.info({ agentId: claims.sub, count: documents.length }, 'content published');
    return { published: documents.length };
  });
}
