import type { Locale } from '../../../src-shared/ipc/app.js';
import { AppFailure } from '../../../src-shared/result.js';
import { applyPatch } from '../../../src-shared/sync/patch-paths.js';
import { personalKindOf } from '../../../src-shared/tickets/personal-fields.js';
import { TicketDocument, TicketEvent } from '../../../src-shared/tickets/ticket.js';
import { ticketPathLabel, ticketPathText, type TicketTextContext } from '../../../src-shared/tickets/field-text.js';
import type { Db } from '../store/open-store.js';
import type { IssueDescriber, LocalWriter } from '../sync/sync-issues.js';
import type { SyncService } from '../sync/sync-service.js';
import { uploadPendingAttachments, type AttachmentTransport } from './attachments.js';
import { markTicketRejected } from './ticket-commands.js';
import { publishedConfig } from './published-config.js';
import { deleteTicketRows, readTicketDoc, saveEvent, saveTicketRow } from './ticket-rows.js';

/**
 * Connects the tickets feature to the sync engine:
 * - a ticket the server refuses stays in the lists, marked with the reason in the agent's language,
 *   editable and resubmittable (never dropped);
 * - the bytes of submitted tickets' attachments are uploaded before the push that references them;
 * - a write the agent fixes or a conflict they resolve in the sync issues list is written to the
 *   ticket's row at once, before the server echoes it;
 * - the sync issues list masks a ticket's personal fields by their kind in the published forms.
 */
export function connectTicketsToSync(
  sync: SyncService,
  db: Db,
  options: { locale: () => Locale; changed: (ids: string[]) => void; transport: AttachmentTransport },
): void {
  sync.registerLocalWriter('tickets', writeTicketLocally);
  sync.registerPersonalKeys('tickets', (key) => {
    const field = publishedConfig(db).forms.flatMap((form) => form.fields).find((candidate) => candidate.id === key);
    return field ? personalKindOf(field) : undefined;
  });
  sync.registerDescriber('tickets', describeTicketIssue);
  sync.registerBeforePush(() => uploadPendingAttachments(db, options.transport));
  sync.on('rejected', ({ collection, entityId, reason, localized }) => {
    if (collection !== 'tickets') return;
    const text = localized ? (options.locale() === 'en' ? localized.en : localized.zh) : reason;
    db.transaction(() => markTicketRejected(db, entityId, text))();
    options.changed([entityId]);
  });
}

/** The tickets feature's LocalWriter: the same row writer the ticket commands and the pull applier use. */
export const writeTicketLocally: LocalWriter = (db, entityId, op, patch) => {
  if (op === 'delete') return deleteTicketRows(db, entityId);
  const formOf = (formId: string) => publishedConfig(db).forms.find((form) => form.id === formId);
  if (op === 'create') {
    const doc = parseTicket({ ...patch, events: [] });
    for (const event of (patch.events as unknown[] | undefined) ?? []) saveEvent(db, entityId, TicketEvent.parse(event));
    return saveTicketRow(db, doc, formOf(doc.formId));
  }
  const stored = readTicketDoc(db, entityId);
  if (!stored) throw new AppFailure('NOT_FOUND', `No ticket ${entityId}`);
  if (op === 'append') {
    const events = Array.isArray(patch.events) ? patch.events : [];
    for (const event of events) saveEvent(db, entityId, TicketEvent.parse(event));
  }
  const doc = op === 'update' ? parseTicket({ ...applyPatch(stored.doc, patch), events: [] }) : stored.doc;
  saveTicketRow(db, doc, formOf(doc.formId)); // also refreshes the search index with new notes
};

function parseTicket(data: unknown): TicketDocument {
  const parsed = TicketDocument.safeParse(data);
  if (!parsed.success) {
    throw new AppFailure('VALIDATION', '工单数据不完整，无法保存', parsed.error.issues.slice(0, 5).map((issue) => ({ path: issue.path.join('.'), message: issue.message })));
  }
  return parsed.data;
}

/** A ticket's sync problems in the agent's words: its number and title, the form's labels, values as the form shows them. */
export const describeTicketIssue: IssueDescriber = {
  subject(db, entityId) {
    const stored = readTicketDoc(db, entityId);
    return stored ? { zh: `工单 ${stored.doc.number} ${stored.doc.title}`, en: `Ticket ${stored.doc.number} ${stored.doc.title}` } : { zh: '工单', en: 'Ticket' };
  },
  label: (db, entityId, path) => ticketPathLabel(path, textContextOf(db, entityId)),
  text: (db, entityId, path, value) => ticketPathText(path, value, textContextOf(db, entityId)),
};

function textContextOf(db: Db, entityId: string): TicketTextContext {
  const config = publishedConfig(db);
  const formId = readTicketDoc(db, entityId)?.doc.formId;
  return { form: config.forms.find((form) => form.id === formId), codeTrees: config.codeTrees };
}
