import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Agent } from '../../src-shared/domain/agent.js';
import { parseArticleFile } from '../../src-shared/handbook/markdown-file.js';
import { hashPassword } from '../auth/passwords.js';
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
  const articles = markdownFiles(path.join(seedsDir, 'handbook')).map((file) => {
    const parsed = parseArticleFile(readFileSync(file, 'utf8'));
    if (!parsed.ok) throw new Error(`Seed article ${file}: ${parsed.problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')}`);
    return parsed.article;
  });
  await storage.putDocuments(articles.map((article) => ({ collection: 'handbook', id: article.id, data: article })));
  await storage.setMeta('seeded', 'yes');
  return true;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return markdownFiles(full);
      return name.endsWith('.md') ? [full] : [];
    })
    .sort();
}
