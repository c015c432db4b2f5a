import type { FastifyInstance } from 'fastify';
import { RevealAuditQuery, type RevealAuditResponse } from '../../src-shared/privacy/reveal-audit.js';
import type { TokenSigner } from '../auth/tokens.js';
import { forbidden } from '../http-errors.js';
import type { ServerStorage } from '../storage/storage.js';
import { parseOr400 } from '../validate.js';
import { requireAgent } from './auth.js';

/**
 * `GET /v1/audit/reveals`: the centre's record of every look at a masked customer value. A team
 * lead reads their own team's (a `team` asked for is ignored for them: never another team's); an
 * admin any team's or everyone's; agents and trainers are refused.
 */
export function registerAuditRoutes(app: FastifyInstance, storage: ServerStorage, signer: TokenSigner): void {
  app.get('/v1/audit/reveals', async (request): Promise<RevealAuditResponse> => {
    const claims = requireAgent(request, signer);
    if (claims.role !== 'teamlead' && claims.role !== 'admin') throw forbidden('只有班组长和管理员可以查看审计记录 / Only team leads and admins read the audit');
    const query = parseOr400(RevealAuditQuery, request.query);
    const team = claims.role === 'teamlead' ? claims.team : query.team;
    return { reveals: await storage.listReveals({ team, agentId: query.agentId, since: query.since, limit: query.limit }) };
  });
}
