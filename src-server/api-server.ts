import Fastify, { type FastifyInstance } from 'fastify';
import type { Collection } from '../src-shared/sync/protocol.js';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle, type LoginThrottlePolicy } from './auth/login-throttle.js';
import { tokenSecretOf } from './auth/token-secret.js';
import { TokenVersions } from './auth/token-versions.js';
import { TokenSigner } from './auth/tokens.js';
import { HttpError } from './http-errors.js';
import { registerJsonBodyParser } from './json-body.js';
import { AgentRateLimiter, DEFAULT_RATE_LIMIT, type RateLimitOptions } from './rate-limit.js';
import { registerAdminRoutes } from './routes/admin.js';
import { registerAuditRoutes } from './routes/audit.js';
import { registerAttachmentRoutes } from './routes/attachments.js';
import { checkTokenVersions, registerAuthRoutes } from './routes/auth.js';
import { registerSoftphoneRoutes } from './routes/softphone.js';
import { registerEventRoutes } from './routes/events.js';
import { registerSyncRoutes } from './routes/sync.js';
import type { SoftphoneServerConfig } from './softphone/sip-provisioning.js';
import type { ChangeFeed } from './fanout/broker-fanout.js';
import { DatabaseUnavailableError, type ServerStorage } from './storage/storage.js';
import type { Visibility } from './sync/decide.js';
import { fixedValidators, publishedContentRules, type DocumentValidators } from './sync/validators.js';

export const API_VERSION = '1';

export interface ApiServerOptions {
  storage: ServerStorage;
  /** pino options or false; the embedded server logs at warn to stay out of the agent's console. */
  logger?: boolean | { level: string };
  /** Signs agents' tokens (the process config's HOTLINE_TOKEN_SECRET, checked by auth/token-secret.ts); unset: a secret kept in the database. */
  tokenSecret?: string;
  /** SIP provisioning and agent-state settings; without it `/v1/agents/me/sip` answers 404. */
  softphone?: SoftphoneServerConfig;
  /** Replaces the central API's rules with these document checks only (tests of the generic engine); default: sync/validators.ts. */
  validators?: DocumentValidators;
  /** Who may see what agents push, per collection; collections without an entry refuse agent pushes. */
  visibility?: Partial<Record<Collection, Visibility>>;
  /** false turns rate limiting off (load tests); default DEFAULT_RATE_LIMIT (the process config's HOTLINE_RATE_LIMIT). */
  rateLimit?: RateLimitOptions | false;
  /** Sign-in attempts per 工号 and per address (auth/login-throttle.ts); tests shrink it. */
  loginThrottle?: LoginThrottlePolicy;
  /** Where commits are heard (event-stream pokes, published rules): a broker across processes; default the storage's own. */
  changes?: ChangeFeed;
}

export interface ApiServer {
  app: FastifyInstance;
  /** Readiness turns false (load balancers stop sending) before in-flight requests are finished. */
  drain(): void;
}

/** Builds the central API (not yet listening). */
export async function buildApiServer(options: ApiServerOptions): Promise<FastifyInstance> {
  return (await buildApi(options)).app;
}

export async function buildApi(options: ApiServerOptions): Promise<ApiServer> {
  const { storage } = options;
  const rules = options.validators ? fixedValidators(options.validators) : publishedContentRules(storage, options.changes);
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 5 * 1024 * 1024 });
  const signer = new TokenSigner(await tokenSecretOf(storage, options.tokenSecret));
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const limiter = rateLimit ? new AgentRateLimiter(rateLimit) : undefined;
  let draining = false;
  registerJsonBodyParser(app);

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpError) {
      if (error.status === 429) void reply.header('retry-after', String(error.options.retryAfterSeconds ?? 1));
      return reply.status(error.status).send({ code: error.code, message: error.message });
    }
    if (error instanceof DatabaseUnavailableError) {
      request.log.warn({ err: (error as Error).cause }, 'database unavailable');
      return reply.status(503).header('retry-after', '2').send({ code: 'UNAVAILABLE', message: error.message });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status < 500) {
      return reply.status(status).send({ code: status === 413 ? 'TOO_LARGE' : 'VALIDATION', message: (error as Error).message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ code: 'INTERNAL', message: 'Internal server error' });
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).send({ code: 'NOT_FOUND', message: `No route ${request.method} ${request.url}` }));

  // Liveness: the process answers. Readiness: it can reach its database and is not shutting down.
  app.get('/v1/health', async () => ({ status: 'ok' as const, epoch: await storage.epoch(), version: API_VERSION }));
  app.get('/v1/ready', async (_request, reply) => {
    if (draining) return reply.status(503).send({ code: 'DRAINING', message: 'Shutting down' });
    if (!(await storage.isReady())) return reply.status(503).header('retry-after', '2').send({ code: 'NOT_READY', message: 'Database unreachable' });
    return { status: 'ready' as const };
  });
  const versions = new TokenVersions(storage);
  checkTokenVersions(app, signer, versions);
  registerAuthRoutes(app, { storage, signer, versions, throttle: new LoginThrottle(options.loginThrottle ?? DEFAULT_LOGIN_THROTTLE) });
  registerSyncRoutes(app, storage, signer, { rules, visibility: options.visibility, limiter });
  registerEventRoutes(app, storage, signer, versions, options.changes);
  registerAdminRoutes(app, storage, signer, { rules, limiter });
  registerAuditRoutes(app, storage, signer);
  registerSoftphoneRoutes(app, storage, signer, options.softphone);
  registerAttachmentRoutes(app, storage, signer, { limiter });
  app.addHook('onClose', async () => rules.close());
  return { app, drain: () => (draining = true) };
}
