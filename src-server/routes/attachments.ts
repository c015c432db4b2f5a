import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MAX_ATTACHMENT_BYTES, Sha256Hex, type AttachmentUploaded } from '../../src-shared/sync/protocol.js';
import type { TokenSigner } from '../auth/tokens.js';
import { HttpError, forbidden } from '../http-errors.js';
import type { AgentRateLimiter } from '../rate-limit.js';
import type { ServerStorage } from '../storage/storage.js';
import { parseOr400 } from '../validate.js';
import { requireAgent } from './auth.js';

const Params = z.object({ sha256: Sha256Hex });
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/i;

/**
 * Ticket attachments by content hash. An upload is idempotent (same hash, same bytes) and checked:
 * the bytes must hash to the name. Downloads are for the uploader's team (who pulls the ticket) and admins.
 */
export function registerAttachmentRoutes(app: FastifyInstance, storage: ServerStorage, signer: TokenSigner, options: { limiter?: AgentRateLimiter } = {}): void {
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES }, (_request, body, done) => done(null, body));

  app.put('/v1/attachments/:sha256', { bodyLimit: MAX_ATTACHMENT_BYTES }, async (request): Promise<AttachmentUploaded> => {
    const claims = requireAgent(request, signer);
    options.limiter?.take(claims.sub);
    const { sha256 } = parseOr400(Params, request.params);
    if (!Buffer.isBuffer(request.body)) throw new HttpError(415, 'VALIDATION', 'Send the file as application/octet-stream');
    const data = request.body;
    if (createHash('sha256').update(data).digest('hex') !== sha256) throw new HttpError(400, 'VALIDATION', 'The bytes do not match their sha256');
    const declared = String(request.headers['x-content-type'] ?? 'application/octet-stream');
    const mime = MIME.test(declared) ? declared : 'application/octet-stream';
    const isNew = await storage.putAttachment({ sha256, mime, data, team: claims.team, uploadedBy: claims.sub });
    return { sha256, size: data.length, stored: isNew ? 'new' : 'existing' };
  });

  app.get('/v1/attachments/:sha256', async (request, reply) => {
    const claims = requireAgent(request, signer);
    options.limiter?.take(claims.sub);
    const { sha256 } = parseOr400(Params, request.params);
    const attachment = await storage.getAttachment(sha256);
    if (!attachment) throw new HttpError(404, 'NOT_FOUND', 'No such attachment');
    if (attachment.team !== claims.team && claims.role !== 'admin') throw forbidden('This attachment belongs to another team');
    // Served as a download, never rendered by a browser in the API's origin.
    return reply
      .header('content-type', 'application/octet-stream')
      .header('x-content-type', attachment.mime)
      .header('content-disposition', 'attachment')
      .header('x-content-type-options', 'nosniff')
      .send(attachment.data);
  });
}
