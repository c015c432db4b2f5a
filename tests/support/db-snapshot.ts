import Database from 'better-sqlite3';
import Ciphers from 'better-sqlite3-multiple-ciphers';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Opens an SQLite file of a profile folder as a test's own reader: a store whose key is in the
 * folder's browser-mode key file (profile-keys.json) is opened with it, read straight from the
 * JSON, anything else as a plain SQLite file.
 */
export function openSqliteFile(file: string, options: { readonly?: boolean } = {}): Database.Database {
  const keyFile = path.join(path.dirname(file), 'profile-keys.json');
  const entry = existsSync(keyFile) ? (JSON.parse(readFileSync(keyFile, 'utf8')) as { keys: Record<string, { by: string; key: string }> }).keys[path.basename(file)] : undefined;
  if (!entry) return new Database(file, { readonly: options.readonly ?? false, fileMustExist: true });
  const db = new Ciphers(file, { readonly: options.readonly ?? false, fileMustExist: true });
  db.pragma(`cipher = 'aegis'`);
  db.pragma(`algorithm = 'aegis-256'`);
  db.pragma(`key = "x'${Buffer.from(entry.key, 'base64').toString('hex')}'"`);
  return db as unknown as Database.Database;
}

/**
 * A digest per table of an SQLite file, read through a read-only connection (the web host keeps
 * the file open in WAL mode). Two equal snapshots mean no row was added, changed or removed.
 */
export function snapshotDatabase(file: string): Record<string, { rows: number; digest: string }> {
  const db = openSqliteFile(file, { readonly: true });
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
  const db = openSqliteFile(file, { readonly: true });
  try {
    return (db.prepare(sql).get(...params) as { n: number }).n;
  } finally {
    db.close();
  }
}
