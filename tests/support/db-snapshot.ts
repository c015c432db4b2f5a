import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

/**
 * A digest per table of an SQLite file, read through a read-only connection (the web host keeps
 * the file open in WAL mode). Two equal snapshots mean no row was added, changed or removed.
 */
export function snapshotDatabase(file: string): Record<string, { rows: number; digest: string }> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
    return Object.fromEntries(
      tables.map(({ name }) => {
        // Rows sorted as text: works for tables WITHOUT ROWID and FTS shadow tables alike.
        const rows = (db.prepare(`SELECT * FROM "${name}"`).raw().all() as unknown[]).map((row) => JSON.stringify(row)).sort();
        return [name, { rows: rows.length, digest: createHash('sha256').update(rows.join('\n')).digest('hex') }];
      }),
    );
  } finally {
    db.close();
  }
}

export function countRows(file: string, sql: string, ...params: unknown[]): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(sql).get(...params) as { n: number }).n;
  } finally {
    db.close();
  }
}
