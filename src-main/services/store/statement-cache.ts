import type { Statement } from 'better-sqlite3';
import type { Db } from './open-store.js';

// Prepared once per store: hot paths (a pull of thousands of rows, a screen pop) run the same
// statements over and over, and preparing costs more than running them.
const statements = new WeakMap<Db, Map<string, Statement>>();

export function cachedStatement(db: Db, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let prepared = cache.get(sql);
  if (!prepared) cache.set(sql, (prepared = db.prepare(sql)));
  return prepared;
}
