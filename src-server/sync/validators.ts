import { CodeTree } from '../../src-shared/tickets/codes.js';
import { FormSchema } from '../../src-shared/tickets/form-schema.js';
import { validateTicketDocument } from '../../src-shared/tickets/validate-document.js';
import type { ServerStorage } from '../storage/storage.js';
import { PublishedTicketRules } from '../tickets/published-ticket-rules.js';
import type { DocumentValidators, Refusal } from './decide.js';

/** Hands each push or publish the checks to run, per collection (a refusal means `rejected VALIDATION`). */
export interface ValidatorSource {
  current(): Promise<DocumentValidators>;
  close(): void;
}

/** Fixed checks (tests inject their own this way). */
export const fixedValidators = (validators: DocumentValidators): ValidatorSource => ({ current: async () => validators, close() {} });

/**
 * The checks the central API runs:
 * - tickets: the shared form engine against the forms and code trees this server publishes — the
 *   same rules the renderer and the workstation ran, so a refusal means stale forms or a tampered client;
 * - forms and codes: an admin cannot publish a schema the clients could not read.
 */
export function publishedContentValidators(storage: ServerStorage): ValidatorSource {
  const rules = new PublishedTicketRules(storage);
  return {
    async current() {
      const published = await rules.current();
      return {
        tickets: (doc) => {
          const verdict = validateTicketDocument(doc, published);
          return verdict.ok ? null : verdict.reason;
        },
        forms: (doc) => schemaProblem(FormSchema, doc),
        codes: (doc) => schemaProblem(CodeTree, doc),
      };
    },
    close: () => rules.close(),
  };
}

function schemaProblem(schema: { safeParse(data: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, doc: unknown): Refusal | null {
  const parsed = schema.safeParse(doc);
  if (parsed.success) return null;
  const issue = parsed.error?.issues[0];
  return issue ? `${issue.path.join('.') || '(document)'}: ${issue.message}` : 'Invalid document';
}
