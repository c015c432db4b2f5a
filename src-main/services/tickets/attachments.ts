import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { AppFailure } from '../../../src-shared/result.js';
import { MAX_ATTACHMENT_BYTES } from '../../../src-shared/sync/protocol.js';
import { checkAttachment } from '../../../src-shared/tickets/attachment-types.js';
import { FileRef } from '../../../src-shared/tickets/form-schema.js';
import type { Db } from '../store/open-store.js';
import type { TicketContext } from './context.js';
import { readTicketDoc } from './ticket-rows.js';

// Ticket attachments: the bytes stay in the local store, content-addressed; a ticket's file field
// holds only the reference (FileRef). Before a push, the bytes of every submitted ticket's
// attachments go to the central API; a colleague's attachment is fetched the first time it is opened.

/** What moves attachment bytes to and from the central API (the ApiClient). */
export interface AttachmentTransport {
  uploadAttachment(sha256: string, mime: string, data: Buffer): Promise<unknown>;
  downloadAttachment(sha256: string): Promise<{ mime: string; data: Buffer }>;
}

/** Keeps an attachment's bytes locally and returns the reference a file field holds. */
export function saveAttachment(ctx: TicketContext, name: string, dataBase64: string): FileRef {
  const bytes = Buffer.from(dataBase64, 'base64');
  const checked = checkAttachment(name, bytes, { size: bytes.length, maxBytes: MAX_ATTACHMENT_BYTES, complete: true });
  if (!checked.ok) {
    if (checked.reason === 'size') throw new AppFailure('TOO_LARGE', 'Attachments are limited to 5 MB');
    throw new AppFailure('VALIDATION', `Not an allowed attachment (${checked.reason}): images, PDF, audio or office documents, named for what they are`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // The type is what the bytes are (the name's ending picks among Office's shared containers), not what the browser guessed.
  const ref: FileRef = { id: uuidv7(), name: name.slice(0, 255), size: bytes.length, mime: checked.type.mime, sha256 };
  ctx.db
    .prepare('INSERT INTO ticket_attachments (id, sha256, name, mime, size, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(ref.id, sha256, ref.name, ref.mime, ref.size, bytes, ctx.now().toISOString());
  return ref;
}

/** The bytes of one attachment of a ticket: from the local store, or fetched once from the central API. */
export async function readAttachment(ctx: TicketContext, ticketId: string, attachmentId: string, transport: AttachmentTransport): Promise<{ name: string; mime: string; dataBase64: string }> {
  const ref = attachmentsOf(ctx.db, ticketId).find((file) => file.id === attachmentId);
  if (!ref) throw new AppFailure('NOT_FOUND', `No attachment ${attachmentId} on ticket ${ticketId}`);
  const local = ctx.db.prepare('SELECT data FROM ticket_attachments WHERE sha256 = ? LIMIT 1').pluck().get(ref.sha256) as Buffer | undefined;
  if (local) return { name: ref.name, mime: ref.mime, dataBase64: local.toString('base64') };
  const fetched = await transport.downloadAttachment(ref.sha256);
  if (createHash('sha256').update(fetched.data).digest('hex') !== ref.sha256) throw new AppFailure('INTERNAL', 'The attachment received does not match the ticket');
  const at = ctx.now().toISOString();
  ctx.db
    .prepare('INSERT OR IGNORE INTO ticket_attachments (id, sha256, name, mime, size, data, created_at, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(ref.id, ref.sha256, ref.name, ref.mime, fetched.data.length, fetched.data, at, at);
  return { name: ref.name, mime: ref.mime, dataBase64: fetched.data.toString('base64') };
}

/**
 * Before a push: uploads the bytes of every attachment a submitted ticket references and the server
 * does not have yet, so no colleague pulls a ticket whose file cannot be opened. The network failing
 * stops the run (the push waits); the server refusing one file marks it and lets the rest go on.
 */
export async function uploadPendingAttachments(db: Db, transport: AttachmentTransport): Promise<number> {
  const pending = db
    .prepare(
      `SELECT a.id, a.sha256, a.mime, a.data FROM ticket_attachments a
       WHERE a.uploaded_at IS NULL AND a.upload_error IS NULL
         AND EXISTS (SELECT 1 FROM ticket_docs d WHERE instr(d.doc, a.sha256) > 0)`,
    )
    .all() as { id: string; sha256: string; mime: string; data: Buffer }[];
  let uploaded = 0;
  for (const file of pending) {
    try {
      await transport.uploadAttachment(file.sha256, file.mime, file.data);
      db.prepare('UPDATE ticket_attachments SET uploaded_at = ? WHERE sha256 = ?').run(new Date().toISOString(), file.sha256);
      uploaded++;
    } catch (error) {
      if (!(error instanceof AppFailure) || ['SERVER_UNREACHABLE', 'UNAUTHENTICATED', 'NO_SESSION', 'RATE_LIMITED', 'INTERNAL'].includes(error.code)) throw error;
      db.prepare('UPDATE ticket_attachments SET upload_error = ? WHERE sha256 = ?').run(`${error.code}: ${error.message}`.slice(0, 500), file.sha256);
    }
  }
  return uploaded;
}

function attachmentsOf(db: Db, ticketId: string): FileRef[] {
  const stored = readTicketDoc(db, ticketId);
  if (!stored) throw new AppFailure('NOT_FOUND', `No ticket ${ticketId}`);
  return Object.values(stored.doc.fields).flatMap((value) => (Array.isArray(value) ? value.flatMap((item) => (FileRef.safeParse(item).success ? [item as FileRef] : [])) : []));
}
