import { CodeTree } from '../../src-shared/tickets/codes.js';
import { FormSchema } from '../../src-shared/tickets/form-schema.js';
import type { PublishedTicketConfig } from '../../src-shared/tickets/validate-document.js';
import type { Change } from '../../src-shared/sync/protocol.js';
import type { ChangeFeed } from '../fanout/broker-fanout.js';
import type { ServerStorage } from '../storage/storage.js';

/**
 * The forms and complaint-code trees this server publishes, as the push validator needs them.
 * Pushes validate inside the write transaction, synchronously, so the rules are loaded before it
 * and kept in memory; any commit of published content (in this process or another one sharing the
 * database: `onChange` with `everyone`) makes the next push load them again.
 */
export class PublishedTicketRules {
  private loading: Promise<PublishedTicketConfig> | undefined;
  private readonly stopListening: () => void;

  constructor(
    private readonly storage: ServerStorage,
    changes: ChangeFeed = storage,
  ) {
    this.stopListening = changes.onChange((audience) => {
      if (audience.everyone) this.loading = undefined;
    });
  }

  current(): Promise<PublishedTicketConfig> {
    if (!this.loading) {
      const loading = this.load();
      this.loading = loading;
      loading.catch(() => {
        if (this.loading === loading) this.loading = undefined; // a failed load is retried by the next push
      });
    }
    return this.loading;
  }

  close(): void {
    this.stopListening();
  }

  private async load(): Promise<PublishedTicketConfig> {
    const [forms, codeTrees] = await Promise.all([this.storage.listDocuments('forms'), this.storage.listDocuments('codes')]);
    return { forms: parsedEach(FormSchema, forms), codeTrees: parsedEach(CodeTree, codeTrees) };
  }
}

/** Published documents that parse; one that does not is left out (publishing checks them first). */
function parsedEach<T>(schema: { safeParse(data: unknown): { success: true; data: T } | { success: false } }, documents: Change[]): T[] {
  return documents.flatMap((document) => {
    const parsed = schema.safeParse(document.data);
    return parsed.success ? [parsed.data] : [];
  });
}
