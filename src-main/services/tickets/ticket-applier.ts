import { TicketDocument } from '../../../src-shared/tickets/ticket.js';
import type { Change } from '../../../src-shared/sync/protocol.js';
import type { Db } from '../store/open-store.js';
import { hasPendingWrite } from '../sync/outbox.js';
import { publishedConfig } from './published-config.js';
import { deleteTicketRows, saveEvent, saveTicketRow, setRejected, setServerRev } from './ticket-rows.js';
import { dropPulledTicketIfExpired, type RetentionScope } from './retention.js';

/**
 * Pull applier for collection `tickets` (the team's tickets). Runs inside the pull transaction.
 * While this workstation still has unpushed changes to a ticket, the local row is kept as the agent
 * left it (the push will bring the server up to date; conflicts are the sync engine's business);
 * events are append-only and are merged either way. A finished ticket outside local retention is
 * not stored (and removed if it was), unless the agent has local work on it.
 */
export function applyTicketChange(db: Db, change: Change, retention?: RetentionScope): void {
  if (change.deleted) {
    deleteTicketRows(db, change.id);
    return;
  }
  const doc = TicketDocument.parse(change.data);
  if (dropPulledTicketIfExpired(db, doc, retention)) return;
  for (const event of doc.events) saveEvent(db, doc.id, event);
  const pending = hasPendingWrite(db, 'tickets', doc.id);
  const form = publishedConfig(db).forms.find((candidate) => candidate.id === doc.formId);
  if (pending) {
    setServerRev(db, doc.id, change.rev);
    return;
  }
  saveTicketRow(db, doc, form, { rev: change.rev });
  // The server holds this version: whatever it rejected before has been settled.
  setRejected(db, doc.id, null, new Date());
}
