import Database from 'better-sqlite3-multiple-ciphers';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import { ensurePrivateDir } from '../../../src-node/private-files.js';
import { openEncryptedSqlite } from '../../../src-node/sqlite/encrypted-sqlite.js';
import { loadMigrations, type Migration } from '../../../src-node/sqlite/migrations.js';

export type Db = Database.Database;

export function defaultMigrationsDir(): string {
  // Bundled builds copy the folder next to the bundle (scripts/build-main.mjs), where this resolves too.
  return fileURLToPath(new URL('./migrations/', import.meta.url));
}

/** The workstation store's migrations (`migrations/NNN_name.sql` beside this file). */
export const workstationMigrations = (): Migration[] => loadMigrations(defaultMigrationsDir());

export class StoreTooNewError extends Error {
  constructor(
    readonly file: string,
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `数据库 ${path.basename(file)} 由更新版本的工作台创建（结构版本 ${found}，本版本只认识到 ${known}）。请升级工作台后再打开。` +
        ` / The database ${path.basename(file)} was made by a newer build (schema ${found}, this build knows up to ${known}); update the workstation.`,
    );
  }
}

export interface OpenStoreOptions {
  migrations?: Migration[];
  log?: Logger;
  /** Statements slower than this are logged with their SQL. */
  slowQueryMs?: number;
  /**
   * The store's 32-byte key: the file (and its WAL) is encrypted at rest, and a file still in
   * clear is encrypted on this open. Profile stores always have one (profile-keys.ts); without
   * one the file is in clear (tools and tests that build a store by hand).
   */
  key?: Buffer;
}

/** Opens (creating if needed) a local SQLite store in WAL mode and brings its schema up to date. */
export function openStore(file: string, options: OpenStoreOptions = {}): Db {
  const log = options.log ?? silentLogger;
  const migrations = options.migrations ?? workstationMigrations();
  const encrypted = options.key !== undefined && file !== ':memory:';
  // A profile's folder is made private; a store built by hand may sit in a shared one (os.tmpdir()).
  if (encrypted) ensurePrivateDir(path.dirname(file));
  else if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = encrypted ? openEncryptedSqlite(file, options.key!) : new Database(file);
  try {
    // 8 KiB pages for a new store (an existing one keeps its size): handbook rows of 1-4 KB waste
    // less of each page and fewer bodies spill to overflow pages. The 50,000-article bench store is
    // 335 MB instead of 358 MB (3.8x its raw text instead of 4.1x). No effect once the file has pages.
    db.pragma('page_size = 8192');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // A signed-in session checkpoints every few seconds outside any write (idle-checkpoint.ts);
    // SQLite's own checkpoint inside a commit is only the backstop, at ~40 MB of WAL.
    db.pragma('wal_autocheckpoint = 10000');
    // Reads (handbook search above all) come from a memory map and a 32 MB page cache instead of
    // the 2 MB default: a search touches index and article pages spread over the whole file. The map
    // covers up to 1 GiB: a 50,000-article store is 360 MB, and pages past the end of the map are
    // read with a system call each (a first search for a term then cost 2–3× a repeated one).
    // An encrypted store cannot be mapped (each page is decrypted on its way into the cache), so
    // there the pragma does nothing and the page cache alone holds what searches reuse.
    db.pragma('cache_size = -32000');
    db.pragma('mmap_size = 1073741824');
    migrate(db, file, migrations, log);
  } catch (error) {
    db.close();
    throw error;
  }
  logSlowStatements(db, log, options.slowQueryMs ?? 40);
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Db, file: string, migrations: Migration[], log: Logger): void {
  const current = schemaVersion(db);
  const known = migrations.at(-1)?.version ?? 0;
  if (current > known) throw new StoreTooNewError(file, current, known);
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return;
  // All pending migrations apply together or not at all: a crash mid-upgrade leaves the old schema.
  db.transaction(() => {
    for (const migration of pending) {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
  log.info({ file: path.basename(file), from: current, to: known }, 'store migrated');
}

const TIMED_METHODS = ['run', 'get', 'all'] as const;

function logSlowStatements(db: Db, log: Logger, thresholdMs: number): void {
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const statement = prepare(sql);
    for (const method of TIMED_METHODS) {
      const original = (statement[method] as (...args: unknown[]) => unknown).bind(statement);
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        const started = performance.now();
        try {
          return original(...args);
        } finally {
          const ms = performance.now() - started;
          if (ms > thresholdMs) log.warn({ ms: Math.round(ms), sql: sql.slice(0, 300) }, 'slow query');
        }
      };
    }
    return statement;
  }) as Db['prepare'];
}
