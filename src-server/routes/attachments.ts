import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MAX_ATTACHMENT_BYTES, Sha256Hex, type AttachmentUploaded } from '../../src-shared/sync/protocol.js';
import type { TokenSigner } from '../auth/tokens.js';
import { attachmentTypesOf } from '../../src-shared/tickets/attachment-types.js';
import { HttpError } from '../http-errors.js';
import type { AgentRateLimiter } from '../rate-limit.js';
import type { ServerStorage } from '../storage/storage.js';
import { parseOr400 } from '../validate.js';
import { requireAgent } from './auth.js';

const Params = z.object({ sha256: Sha256Hex });

/**
 * Ticket attachments by content hash. An upload is idempotent (same hash, same bytes) and checked:
 * the bytes must hash to the name and be an allowed type by their magic bytes (images, PDF, audio,
 * office documents). Its answer is the same whether or not the bytes were already stored, so a hash
 * cannot be used to learn what others attached. A download is for whoever may pull a ticket that
 * references the file (and its uploader, before that ticket is pushed) and admins; anyone else
 * gets the same 404 as for bytes that do not exist.
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
    const types = attachmentTypesOf(data, true);
    if (types.length === 0) throw new HttpError(415, 'VALIDATION', 'Attachments are images, PDF, audio or office documents (checked by their content)');
    // Word, Excel and PowerPoint share their container; the declared type picks among those the bytes allow.
    const declared = String(request.headers['x-content-type'] ?? '');
    const mime = (types.find((type) => type.mime === declared) ?? types[0]!).mime;
    await storage.putAttachment({ sha256, mime, data, team: claims.team, uploadedBy: claims.sub });
    return { sha256, size: data.length };
  });

  app.get('/v1/attachments/:sha256', async (request, reply) => {
    const claims = requireAgent(request, signer);
    options.limiter?.take(claims.sub);
    const { sha256 } = parseOr400(Params, request.params);
    const readable = claims.role === 'admin' || (await storage.attachmentReadableBy({ agentId: claims.sub, team: claims.team }, sha256));
    const attachment = readable ? await storage.getAttachment(sha256) : undefined;
    if (!attachment) throw new HttpError(404, 'NOT_FOUND', 'No such attachment on a ticket you can see');
    // Served as a download, never rendered by a browser in the API's origin.
    return reply
      .header('content-type', 'application/octet-stream')
      .header('x-content-type', attachment.mime)
      .header('content-disposition', 'attachment')
      .header('x-content-type-options', 'nosniff')
      .send(attachment.data);
  });
}
