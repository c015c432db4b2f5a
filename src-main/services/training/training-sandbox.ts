import { rmSync } from 'node:fs';
import path from 'node:path';
import { rebuildSearchIndex } from '../handbook/search-index.js';
import type { Logger } from '../log.js';
import { openStore, type Db } from '../store/open-store.js';

/** One sandbox file per agent, next to (never inside) their real profile store. */
export const trainingDbPath = (profileDir: string, agentId: string) => path.join(profileDir, `training-${agentId}.db`);

/**
 * Published content the sandbox needs so every feature works in training as it does on a real
 * call. Only content that the central API publishes to everyone belongs here; agent data
 * (calls, tickets, outbox, settings) is never copied. Features that add content tables append theirs.
 */
export const PUBLISHED_CONTENT_TABLES = ['handbook_articles', 'handbook_assets', 'scripts', 'ticket_forms', 'code_trees', 'code_leaves'];

/**
 * Creates a fresh sandbox store (same migrations as a profile store) with a copy of the published
 * content from the real store. The real store is only read. Each training session starts clean.
 */
export function openTrainingSandbox(options: { profileDir: string; agentId: string; realDb: Db; log: Logger; key: Buffer }): { db: Db; file: string } {
  const file = trainingDbPath(options.profileDir, options.agentId);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  // Encrypted like the profile store: a trainee types made-up customers, but real-looking ones.
  const db = openStore(file, { log: options.log, key: options.key });
  try {
    copyPublishedContent(options.realDb, db);
    rebuildSearchIndex(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return { db, file };
}

function copyPublishedContent(from: Db, to: Db): void {
  const existing = (db: Db) => new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name));
  const inSource = existing(from);
  const inTarget = existing(to);
  to.transaction(() => {
    for (const table of PUBLISHED_CONTENT_TABLES) {
      if (!inSource.has(table) || !inTarget.has(table)) continue;
      const columns = (to.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((row) => `"${row.name}"`);
      const list = columns.join(', ');
      const insert = to.prepare(`INSERT INTO "${table}" (${list}) VALUES (${columns.map(() => '?').join(', ')})`);
      for (const row of from.prepare(`SELECT ${list} FROM "${table}"`).raw().iterate() as IterableIterator<unknown[]>) insert.run(...row);
    }
  })();
}
