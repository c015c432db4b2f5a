import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { TokenSigner } from '../auth/tokens.js';
import { mayHear } from '../storage/audience.js';
import type { ServerStorage } from '../storage/storage.js';
import { requireAgent } from './auth.js';

const HEARTBEAT_MS = 15_000;
/** Pokes within this window are merged: a burst of commits costs each client one pull. */
const COALESCE_MS = 50;

/**
 * `GET /v1/sync/events`: a server-sent event stream that says only "something you may see
 * changed" (`event: poke`). The client then pulls; the stream carries no data, so a lost poke
 * costs latency, never correctness (the client also syncs on a timer).
 */
export function registerEventRoutes(app: FastifyInstance, storage: ServerStorage, signer: TokenSigner): void {
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });

  app.get('/v1/sync/events', async (request, reply) => {
    const claims = requireAgent(request, signer);
    const viewer = { agentId: claims.sub, team: claims.team };
    const epoch = await storage.epoch();
    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    stream.write(`retry: 3000\nevent: hello\ndata: ${JSON.stringify({ epoch })}\n\n`);
    streams.add(stream);
    let pending: NodeJS.Timeout | undefined;
    const stop = storage.onChange((audience) => {
      if (!mayHear(audience, viewer) || pending) return;
      pending = setTimeout(() => {
        pending = undefined;
        stream.write(`event: poke\ndata: ${JSON.stringify({ epoch })}\n\n`);
      }, COALESCE_MS);
    });
    const heartbeat = setInterval(() => stream.write(': keep-alive\n\n'), HEARTBEAT_MS);
    stream.on('close', () => {
      streams.delete(stream);
      stop();
      clearInterval(heartbeat);
      clearTimeout(pending);
    });
  });
}
