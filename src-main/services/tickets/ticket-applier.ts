import { TicketDocument } from '../../../src-shared/tickets/ticket.js';
import type { Change } from '../../../src-shared/sync/protocol.js';
import type { Db } from '../store/open-store.js';
import { publishedConfig } from './published-config.js';
import { saveEvent, saveTicketRow } from './ticket-rows.js';

/**
 * Pull applier for collection `tickets` (the team's tickets). Runs inside the pull transaction.
 * While this workstation still has unpushed changes to a ticket, the local row is kept as the agent
 * left it (the push will bring the server up to date; conflicts are the sync engine's business);
 * events are append-only and are merged either way.
 */
export function applyTicketChange(db: Db, change: Change): void {
  if (change.deleted) {
    const rowid = db.prepare('SELECT rowid FROM tickets WHERE id = ?').pluck().get(change.id) as number | undefined;
    if (rowid !== undefined) db.prepare('DELETE FROM tickets_fts WHERE rowid = ?').run(rowid);
    db.prepare('DELETE FROM tickets WHERE id = ?').run(change.id);
    db.prepare('DELETE FROM ticket_docs WHERE id = ?').run(change.id);
    db.prepare('DELETE FROM ticket_events WHERE ticket_id = ?').run(change.id);
    return;
  }
  const doc = TicketDocument.parse(change.data);
  for (const event of doc.events) saveEvent(db, doc.id, event);
  const pending = db.prepare(`SELECT EXISTS (SELECT 1 FROM outbox WHERE collection = 'tickets' AND entity_id = ?)`).pluck().get(doc.id) === 1;
  const form = publishedConfig(db).forms.find((candidate) => candidate.id === doc.formId);
  if (pending) {
    db.prepare('UPDATE tickets SET rev = MAX(rev, ?) WHERE id = ?').run(change.rev, doc.id);
    return;
  }
  saveTicketRow(db, doc, form, { rev: change.rev });
  // The server holds this version: whatever it rejected before has been settled.
  db.prepare('UPDATE tickets SET rejected_reason = NULL, rejected_at = NULL WHERE id = ?').run(doc.id);
}
