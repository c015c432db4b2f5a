import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { TokenClaims, TokenSigner } from '../auth/tokens.js';
import type { TokenVersions } from '../auth/token-versions.js';
import { mayHear } from '../storage/audience.js';
import type { ChangeFeed } from '../fanout/broker-fanout.js';
import type { ServerStorage } from '../storage/storage.js';
import { requireAgent } from './auth.js';

const HEARTBEAT_MS = 15_000;
/** Pokes within this window are merged: a burst of commits costs each client one pull. */
const COALESCE_MS = 50;
/** How often open streams are checked against their agents' token versions (one read for all of them). */
const REVOCATION_SWEEP_MS = 1_000;

/**
 * `GET /v1/sync/events`: a server-sent event stream that says only "something you may see
 * changed" (`event: poke`). The client then pulls; the stream carries no data, so a lost poke
 * costs latency, never correctness (the client also syncs on a timer). A stream whose token is
 * revoked (disabled agent, password changed, signed out) or expired gets `event: revoked` and is
 * closed; the client's reconnect then meets the 401.
 */
export function registerEventRoutes(app: FastifyInstance, storage: ServerStorage, signer: TokenSigner, versions: TokenVersions, changes: ChangeFeed = storage): void {
  const streams = new Map<ServerResponse, TokenClaims>();
  /** Ends a revoked stream; the 'close' handler below does the rest of the cleanup. */
  const revoke = (stream: ServerResponse) => {
    streams.delete(stream);
    if (!stream.writableEnded) stream.end('event: revoked\ndata: {}\n\n');
  };
  app.addHook('preClose', async () => {
    clearInterval(sweep);
    for (const stream of streams.keys()) stream.end();
  });
  let sweeping = false;
  const sweep = setInterval(() => {
    if (sweeping || streams.size === 0) return;
    sweeping = true;
    const open = [...streams];
    versions
      .stillValid(open.map(([, claims]) => claims))
      .then((valid) => {
        const now = Date.now();
        open.forEach(([stream, claims], index) => {
          if (!valid[index] || claims.exp * 1000 <= now) revoke(stream);
        });
      })
      .catch((error: unknown) => app.log.warn({ err: error }, 'event stream revocation check failed'))
      .finally(() => (sweeping = false));
  }, REVOCATION_SWEEP_MS);
  sweep.unref();

  app.get('/v1/sync/events', async (request, reply) => {
    const claims = requireAgent(request, signer);
    const viewer = { agentId: claims.sub, team: claims.team };
    const epoch = await storage.epoch();
    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    stream.write(`retry: 3000\nevent: hello\ndata: ${JSON.stringify({ epoch })}\n\n`);
    streams.set(stream, claims);
    let pending: NodeJS.Timeout | undefined;
    const stop = changes.onChange((audience) => {
      if (!mayHear(audience, viewer) || pending) return;
      pending = setTimeout(() => {
        pending = undefined;
        if (!stream.writableEnded) stream.write(`event: poke\ndata: ${JSON.stringify({ epoch })}\n\n`);
      }, COALESCE_MS);
    });
    const heartbeat = setInterval(() => stream.writableEnded || stream.write(': keep-alive\n\n'), HEARTBEAT_MS);
    stream.on('close', () => {
      streams.delete(stream);
      stop();
      clearInterval(heartbeat);
      clearTimeout(pending);
    });
  });
}
