import Fastify, { type FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { TokenSigner } from './auth/tokens.js';
import { HttpError } from './http-errors.js';
import { registerAuthRoutes } from './routes/auth.js';
import { registerSoftphoneRoutes } from './routes/softphone.js';
import { registerSyncRoutes } from './routes/sync.js';
import type { SoftphoneServerConfig } from './softphone/sip-provisioning.js';
import type { ServerStorage } from './storage/storage.js';

export const API_VERSION = '1';

export interface ApiServerOptions {
  storage: ServerStorage;
  /** pino options or false; the embedded server logs at warn to stay out of the agent's console. */
  logger?: boolean | { level: string };
  tokenSecret?: Buffer;
  /** SIP provisioning and agent-state settings; without it `/v1/agents/me/sip` answers 404. */
  softphone?: SoftphoneServerConfig;
}

/** Builds the central API (not yet listening). */
export async function buildApiServer(options: ApiServerOptions): Promise<FastifyInstance> {
  const { storage } = options;
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 5 * 1024 * 1024 });
  const signer = new TokenSigner(options.tokenSecret ?? (await tokenSecretOf(storage)));

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpError) return reply.status(error.status).send({ code: error.code, message: error.message });
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status < 500) {
      return reply.status(status).send({ code: status === 413 ? 'TOO_LARGE' : 'VALIDATION', message: (error as Error).message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ code: 'INTERNAL', message: 'Internal server error' });
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).send({ code: 'NOT_FOUND', message: `No route ${request.method} ${request.url}` }));

  app.get('/v1/health', async () => ({ status: 'ok' as const, epoch: await storage.epoch(), version: API_VERSION }));
  registerAuthRoutes(app, storage, signer);
  registerSyncRoutes(app, storage, signer);
  registerSoftphoneRoutes(app, storage, signer, options.softphone);
  return app;
}

/** An embedded server keeps its signing secret in its own database, so tokens survive a restart. */
async function tokenSecretOf(storage: ServerStorage): Promise<Buffer> {
  const fromEnv = process.env.HOTLINE_TOKEN_SECRET;
  if (fromEnv) return Buffer.from(fromEnv);
  let secret = await storage.getMeta('token_secret');
  if (!secret) {
    secret = randomBytes(32).toString('base64url');
    await storage.setMeta('token_secret', secret);
  }
  return Buffer.from(secret, 'base64url');
}
