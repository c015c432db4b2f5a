import { CodeTree } from '../../src-shared/tickets/codes.js';
import { FormSchema } from '../../src-shared/tickets/form-schema.js';
import { validateTicketDocument, type TicketDocumentVerdict } from '../../src-shared/tickets/validate-document.js';
import type { DocumentWrite, ServerStorage } from '../storage/storage.js';

/**
 * For the push endpoint: checks a ticket document (after the pushed patch is applied) against the
 * form and code trees this server publishes — the same engine the workstation ran. A verdict of
 * `ok: false` becomes a `rejected` push result carrying `reason` (the client keeps the ticket and
 * shows it via markTicketRejected).
 */
export async function validatePushedTicket(storage: ServerStorage, doc: unknown, now = new Date()): Promise<TicketDocumentVerdict> {
  const formId = typeof doc === 'object' && doc !== null && typeof (doc as { formId?: unknown }).formId === 'string' ? (doc as { formId: string }).formId : '';
  const stored = formId ? await storage.getDocument('forms', formId) : undefined;
  const form = stored && !stored.deleted ? FormSchema.safeParse(stored.data) : undefined;
  const forms = form?.success ? [form.data] : [];
  const treeIds = [...new Set(forms.flatMap((candidate) => candidate.fields.map((field) => field.codeTree).filter((id): id is string => Boolean(id))))];
  const codeTrees: CodeTree[] = [];
  for (const id of treeIds) {
    const tree = await storage.getDocument('codes', id);
    const parsed = tree && !tree.deleted ? CodeTree.safeParse(tree.data) : undefined;
    if (parsed?.success) codeTrees.push(parsed.data);
  }
  return validateTicketDocument(doc, { forms, codeTrees }, now);
}

/** How a ticket is stored in the change log: its owner's team pulls it (first-contact ownership). */
export function ticketDocumentWrite(ticket: { id: string; team: string }): Pick<DocumentWrite, 'collection' | 'id' | 'team' | 'owner'> {
  return { collection: 'tickets', id: ticket.id, team: ticket.team, owner: null };
}
