import type { FastifyInstance, FastifyRequest } from 'fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { describePasswordProblems, passwordProblems } from '../../src-shared/domain/password-policy.js';
import { ChangePasswordRequest, LoginRequest, LogoutRequest, RefreshRequest, type LoginResponse } from '../../src-shared/sync/protocol.js';
import { hashPassword, verifyPassword } from '../../src-node/passwords.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import type { TokenVersions } from '../auth/token-versions.js';
import { ACCESS_TTL_SECONDS, REFRESH_TTL_SECONDS, newRefreshToken, refreshTokenHash, type TokenClaims, type TokenSigner } from '../auth/tokens.js';
import { HttpError, badRequest, unauthorized } from '../http-errors.js';
import type { AgentRecord, ServerStorage } from '../storage/storage.js';
import { parseOr400 } from '../validate.js';

const badCredentials = () => new HttpError(401, 'BAD_CREDENTIALS', '工号或密码错误 / Wrong agent id or password');
const refreshRefused = () => unauthorized('登录已失效，请重新登录 / Refresh token invalid, used or revoked; sign in again');

export interface AuthRouteDeps {
  storage: ServerStorage;
  signer: TokenSigner;
  throttle: LoginThrottle;
  versions: TokenVersions;
}

export function registerAuthRoutes(app: FastifyInstance, { storage, signer, throttle, versions }: AuthRouteDeps): void {
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

  /** An access token bound to the agent's token version, and the next refresh token of `family` (a new family at sign-in). */
  const issue = async (agent: AgentRecord, family: string = randomUUID()): Promise<LoginResponse> => {
    const refreshToken = newRefreshToken();
    const issuedAt = new Date();
    await storage.saveRefreshToken({
      tokenHash: refreshTokenHash(refreshToken),
      family,
      agentId: agent.id,
      tokenVersion: agent.tokenVersion,
      issuedAt,
      expiresAt: new Date(issuedAt.getTime() + REFRESH_TTL_SECONDS * 1000),
    });
    return {
      accessToken: signer.sign({ sub: agent.id, team: agent.team, role: agent.role, ver: agent.tokenVersion }, ACCESS_TTL_SECONDS),
      refreshToken,
      expiresIn: ACCESS_TTL_SECONDS,
      agent: { id: agent.id, name: agent.name, team: agent.team, role: agent.role },
    };
  };

  /** Every token of the agent stops working: on this process at once, on the others within the cache time. */
  const revokeAll = async (agentId: string) => {
    await storage.bumpTokenVersion(agentId);
    versions.forget(agentId);
  };

  app.post('/v1/auth/login', async (request) => {
    const { agentId, password } = parseOr400(LoginRequest, request.body);
    return issue(await checkPassword(request, agentId, password));
  });

  // Rotation: each refresh token works once. One presented again was copied (the agent's
  // workstation rotated it already, or the thief did): the family and every token of the agent go.
  app.post('/v1/auth/refresh', async (request) => {
    const { refreshToken } = parseOr400(RefreshRequest, request.body);
    const use = await storage.useRefreshToken(refreshTokenHash(refreshToken), new Date());
    if (use.status === 'reused') {
      await storage.revokeRefreshFamily(use.family, new Date());
      await revokeAll(use.agentId);
      request.log.warn({ agentId: use.agentId, family: use.family }, 'refresh token reused: family revoked, agent signed out everywhere');
      throw refreshRefused();
    }
    if (use.status !== 'fresh') throw refreshRefused();
    const agent = await storage.findAgent(use.agentId);
    if (!agent || agent.disabled || agent.tokenVersion !== use.tokenVersion) throw refreshRefused();
    return issue(agent, use.family);
  });

  // Signs the agent out everywhere (the token version); the family of the refresh token sent is revoked too.
  app.post('/v1/auth/logout', async (request) => {
    const { refreshToken } = parseOr400(LogoutRequest, request.body ?? {});
    const claims = bearerClaims(request, signer);
    const family = refreshToken ? await storage.revokeRefreshFamilyOf(refreshTokenHash(refreshToken), new Date()) : undefined;
    const agentId = (claims && (await versions.valid(claims)) ? claims.sub : undefined) ?? family?.agentId;
    if (!agentId) throw unauthorized();
    await revokeAll(agentId);
    request.log.info({ agentId }, 'signed out');
    return { signedOut: true as const };
  });

  app.post('/v1/auth/password', async (request) => {
    const claims = requireAgent(request, signer);
    const { currentPassword, newPassword } = parseOr400(ChangePasswordRequest, request.body);
    const agent = await checkPassword(request, claims.sub, currentPassword);
    const problems = passwordProblems(newPassword, agent.id);
    if (problems.length > 0) throw badRequest(`newPassword: ${describePasswordProblems(problems)}`);
    await storage.saveAgent({ ...agent, passwordHash: await hashPassword(newPassword) }); // bumps the token version
    versions.forget(agent.id);
    request.log.info({ agentId: agent.id }, 'password changed');
    return issue((await storage.findAgent(agent.id))!);
  });
}

const bearerClaims = (request: FastifyRequest, signer: TokenSigner): TokenClaims | undefined => {
  const header = request.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? signer.verify(header.slice(7)) : undefined;
};

/**
 * Refuses a request whose bearer token is signed but revoked (its version is no longer the
 * agent's, or the agent is disabled). Runs before every route, so each route's requireAgent
 * only checks the signature.
 */
export function checkTokenVersions(app: FastifyInstance, signer: TokenSigner, versions: TokenVersions): void {
  app.addHook('onRequest', async (request) => {
    const claims = bearerClaims(request, signer);
    if (claims && !(await versions.valid(claims))) throw unauthorized('登录已失效，请重新登录 / Token revoked (signed out, password changed or agent disabled)');
  });
}

/** Reads and checks the bearer token; every /v1 route except login/refresh/health uses it. */
export function requireAgent(request: FastifyRequest, signer: TokenSigner): TokenClaims {
  const claims = bearerClaims(request, signer);
  if (!claims) throw unauthorized();
  return claims;
}
