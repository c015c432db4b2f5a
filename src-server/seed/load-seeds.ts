import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Agent } from '../../src-shared/domain/agent.js';
import { hashPassword } from '../../src-node/passwords.js';
import { handbookWrites } from '../handbook/publish.js';
import { readHandbookFolder } from '../../src-node/content/read-folder.js';
import type { ServerStorage } from '../storage/storage.js';
import { loadTicketSeedsIfMissing } from './ticket-seeds.js';

const SeedAgents = z.array(Agent.extend({ password: z.string().min(4) }));

export const DEFAULT_SEEDS_DIR = path.resolve(import.meta.dirname, '../../seeds');

/** Loads demo agents and published content into an empty central database. Idempotent. */
export async function loadSeedsIfEmpty(storage: ServerStorage, seedsDir = DEFAULT_SEEDS_DIR): Promise<boolean> {
  // Ticket forms and codes have their own marker, so databases seeded before they existed get them too.
  await loadTicketSeedsIfMissing(storage, seedsDir);
  if ((await storage.getMeta('seeded')) === 'yes') return false;
  const agents = SeedAgents.parse(JSON.parse(readFileSync(path.join(seedsDir, 'agents.json'), 'utf8')));
  for (const { password, ...agent } of agents) {
    await storage.saveAgent({ ...agent, passwordHash: await hashPassword(password), disabled: false });
  }
  // Seed articles go through the same validation and asset handling as a published folder; a bad
  // seed file is a bug in this repository, so it stops the start instead of being skipped.
  const handbook = readHandbookFolder(path.join(seedsDir, 'handbook'));
  if (handbook.problems.length > 0) {
    throw new Error(`Seed handbook: ${handbook.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('; ')}`);
  }
  const { writes } = await handbookWrites(storage, handbook.articles);
  await storage.putDocuments(writes);
  await storage.setMeta('seeded', 'yes');
  return true;
}
