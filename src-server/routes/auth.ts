import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LoginRequest, RefreshRequest, type LoginResponse } from '../../src-shared/sync/protocol.js';
import { verifyPassword } from '../../src-node/passwords.js';
import { ACCESS_TTL_SECONDS, REFRESH_TTL_SECONDS, type TokenClaims, type TokenSigner } from '../auth/tokens.js';
import { HttpError, unauthorized } from '../http-errors.js';
import type { AgentRecord, ServerStorage } from '../storage/storage.js';
import { parseOr400 } from '../validate.js';

export function registerAuthRoutes(app: FastifyInstance, storage: ServerStorage, signer: TokenSigner): void {
  const issue = (agent: AgentRecord): LoginResponse => {
    const claims = { sub: agent.id, team: agent.team, role: agent.role };
    return {
      accessToken: signer.sign({ ...claims, kind: 'access' }, ACCESS_TTL_SECONDS),
      refreshToken: signer.sign({ ...claims, kind: 'refresh' }, REFRESH_TTL_SECONDS),
      expiresIn: ACCESS_TTL_SECONDS,
      agent: { id: agent.id, name: agent.name, team: agent.team, role: agent.role },
    };
  };

  app.post('/v1/auth/login', async (request) => {
    const { agentId, password } = parseOr400(LoginRequest, request.body);
    const agent = await storage.findAgent(agentId);
    // Same answer for an unknown agent and a wrong password: the API does not confirm which 工号 exist.
    if (!agent || agent.disabled || !(await verifyPassword(password, agent.passwordHash))) {
      throw new HttpError(401, 'BAD_CREDENTIALS', 'Wrong agent id or password');
    }
    return issue(agent);
  });

  app.post('/v1/auth/refresh', async (request) => {
    const { refreshToken } = parseOr400(RefreshRequest, request.body);
    const claims = signer.verify(refreshToken, 'refresh');
    const agent = claims && (await storage.findAgent(claims.sub));
    if (!agent || agent.disabled) throw unauthorized('Refresh token invalid or agent disabled');
    return issue(agent);
  });
}

/** Reads and checks the bearer token; every /v1 route except login/refresh/health uses it. */
export function requireAgent(request: FastifyRequest, signer: TokenSigner): TokenClaims {
  const header = request.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : '';
  const claims = token ? signer.verify(token, 'access') : undefined;
  if (!claims) throw unauthorized();
  return claims;
}
