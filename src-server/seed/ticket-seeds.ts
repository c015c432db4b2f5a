import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CodeTree } from '../../src-shared/tickets/codes.js';
import { FormSchema } from '../../src-shared/tickets/form-schema.js';
import type { ServerStorage } from '../storage/storage.js';

/** Reads and checks the published ticket forms (seeds/forms/*.json) and complaint codes (seeds/complaint-codes.json). */
export function readTicketSeeds(seedsDir: string): { forms: FormSchema[]; codeTrees: CodeTree[] } {
  const formsDir = path.join(seedsDir, 'forms');
  const forms = readdirSync(formsDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => parseSeed(FormSchema, path.join(formsDir, name)));
  const codeTrees = [parseSeed(CodeTree, path.join(seedsDir, 'complaint-codes.json'))];
  return { forms, codeTrees };
}

function parseSeed<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, file: string): T {
  const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`Seed ${file}: ${parsed.error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** Publishes forms (collection `forms`) and code trees (collection `codes`) to every agent. Idempotent per database. */
export async function loadTicketSeedsIfMissing(storage: ServerStorage, seedsDir: string): Promise<boolean> {
  if ((await storage.getMeta('seeded_tickets')) === 'yes') return false;
  const { forms, codeTrees } = readTicketSeeds(seedsDir);
  await storage.putDocuments([
    ...forms.map((form) => ({ collection: 'forms' as const, id: form.id, data: form })),
    ...codeTrees.map((tree) => ({ collection: 'codes' as const, id: tree.id, data: tree })),
  ]);
  await storage.setMeta('seeded_tickets', 'yes');
  return true;
}
