import type { FastifyInstance, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { describePasswordProblems, passwordProblems } from '../../src-shared/domain/password-policy.js';
import { ChangePasswordRequest, LoginRequest, RefreshRequest, type LoginResponse } from '../../src-shared/sync/protocol.js';
import { hashPassword, verifyPassword } from '../../src-node/passwords.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import { ACCESS_TTL_SECONDS, REFRESH_TTL_SECONDS, type TokenClaims, type TokenSigner } from '../auth/tokens.js';
import { HttpError, badRequest, unauthorized } from '../http-errors.js';
import type { AgentRecord, ServerStorage } from '../storage/storage.js';
import { parseOr400 } from '../validate.js';

const badCredentials = () => new HttpError(401, 'BAD_CREDENTIALS', '工号或密码错误 / Wrong agent id or password');

export function registerAuthRoutes(app: FastifyInstance, storage: ServerStorage, signer: TokenSigner, throttle: LoginThrottle): void {
  // Checked instead of a real hash when the 工号 is unknown, so an unknown 工号 costs the same
  // scrypt as a known one and the answer's timing does not tell which 工号 exist.
  const dummyHash = hashPassword(randomBytes(18).toString('base64url'));

  /** The password check every route shares: throttled, same work and same answer for unknown, disabled and wrong. */
  const checkPassword = async (request: FastifyRequest, agentId: string, password: string): Promise<AgentRecord> => {
    throttle.take(agentId, request.ip);
    const agent = await storage.findAgent(agentId);
    const matches = await verifyPassword(password, agent?.passwordHash ?? (await dummyHash));
    if (!agent || agent.disabled || !matches) throw badCredentials();
    throttle.succeeded(agentId, request.ip);
    return agent;
  };

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
    return issue(await checkPassword(request, agentId, password));
  });

  app.post('/v1/auth/refresh', async (request) => {
    const { refreshToken } = parseOr400(RefreshRequest, request.body);
    const claims = signer.verify(refreshToken, 'refresh');
    const agent = claims && (await storage.findAgent(claims.sub));
    if (!agent || agent.disabled) throw unauthorized('Refresh token invalid or agent disabled');
    return issue(agent);
  });

  app.post('/v1/auth/password', async (request) => {
    const claims = requireAgent(request, signer);
    const { currentPassword, newPassword } = parseOr400(ChangePasswordRequest, request.body);
    const agent = await checkPassword(request, claims.sub, currentPassword);
    const problems = passwordProblems(newPassword, agent.id);
    if (problems.length > 0) throw badRequest(`newPassword: ${describePasswordProblems(problems)}`);
    await storage.saveAgent({ ...agent, passwordHash: await hashPassword(newPassword) });
    request.log.info({ agentId: agent.id }, 'password changed');
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
