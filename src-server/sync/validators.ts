import { CodeTree } from '../../src-shared/tickets/codes.js';
import { FormSchema } from '../../src-shared/tickets/form-schema.js';
import type { ServerStorage } from '../storage/storage.js';
import type { ChangeFeed } from '../fanout/broker-fanout.js';
import { PublishedTicketRules } from '../tickets/published-ticket-rules.js';
import { callRules, ticketRules } from '../tickets/ticket-rules.js';
import type { CollectionRules, DocumentRules, Refusal } from './decide.js';

/** Checks a document as a write would leave it; returns why it is refused, or null. */
export type DocumentValidator = (document: Record<string, unknown>) => Refusal | null;
export type DocumentValidators = Partial<Record<keyof DocumentRules, DocumentValidator>>;

/** Hands each push or publish the rules to apply, per collection. */
export interface RulesSource {
  current(): Promise<DocumentRules>;
  close(): void;
}

/** Only the given document checks, none of the central API's own rules (tests of the generic engine). */
export const fixedValidators = (validators: DocumentValidators): RulesSource => {
  const rules: DocumentRules = Object.fromEntries(
    Object.entries(validators).map(([collection, validate]) => [collection, { check: (_before, after) => validate!(after) } satisfies CollectionRules]),
  );
  return { current: async () => rules, close() {} };
};

/**
 * The rules the central API applies:
 * - tickets: who may make which move, history only grows (ticket-rules.ts), and the shared form
 *   engine against the forms and code trees this server publishes — the same rules the renderer
 *   and the workstation ran, so a refusal means stale forms or a tampered client;
 * - calls: never from a training account;
 * - forms and codes: an admin cannot publish a schema the clients could not read.
 */
export function publishedContentRules(storage: ServerStorage, changes: ChangeFeed = storage): RulesSource {
  const published = new PublishedTicketRules(storage, changes);
  return {
    async current() {
      return {
        tickets: ticketRules(await published.current()),
        calls: callRules,
        forms: { check: (_before, doc) => schemaProblem(FormSchema, doc) },
        codes: { check: (_before, doc) => schemaProblem(CodeTree, doc) },
      };
    },
    close: () => published.close(),
  };
}

function schemaProblem(schema: { safeParse(data: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, doc: unknown): Refusal | null {
  const parsed = schema.safeParse(doc);
  if (parsed.success) return null;
  const issue = parsed.error?.issues[0];
  return issue ? `${issue.path.join('.') || '(document)'}: ${issue.message}` : 'Invalid document';
}
