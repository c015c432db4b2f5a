import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';

type Db = Database;

/**
 * Statements prepared once per store and reused: preparing (parsing and planning the SQL, for an
 * FTS5 table also reading its configuration) costs more than running a small statement, and hot
 * paths such as a 50,000-article sync or search-as-you-type run the same few statements again and
 * again. `prepare` builds the set for a store on first use; it is kept as long as the store is.
 */
export function preparedPerStore<T>(prepare: (db: Db) => T): (db: Db) => T {
  const byStore = new WeakMap<Db, T>();
  return (db) => {
    let statements = byStore.get(db);
    if (!statements) byStore.set(db, (statements = prepare(db)));
    return statements;
  };
}

const statementsOf = preparedPerStore(() => new Map<string, Statement>());

/** One statement by its SQL, prepared on first use per store (for SQL built at run time, e.g. an IN list). */
export function cachedStatement(db: Db, sql: string): Statement {
  const cache = statementsOf(db);
  let prepared = cache.get(sql);
  if (!prepared) cache.set(sql, (prepared = db.prepare(sql)));
  return prepared;
}
