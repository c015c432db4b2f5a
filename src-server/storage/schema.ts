import type Database from 'better-sqlite3-multiple-ciphers';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { loadMigrations, type Migration } from '../../src-node/sqlite/migrations.js';

// The central API's schema: numbered migrations per dialect (migrations/README.md has the rules),
// recorded in schema_migrations, applied in one transaction when a storage opens.

export type Dialect = 'sqlite' | 'postgres';
export type { Migration };

export interface AppliedMigration {
  version: number;
  name: string;
}

export class SchemaTooNewError extends Error {
  constructor(
    readonly database: string,
    readonly unknown: AppliedMigration[],
    readonly known: number,
  ) {
    const list = unknown.map((m) => `${String(m.version).padStart(3, '0')}_${m.name}`).join(', ');
    super(
      `中央数据库 ${database} 已由更新版本的中央 API 升级（含本版本不认识的结构迁移 ${list}，本版本只认识到 ${known}）。请用更新的版本启动，或恢复升级前的备份。` +
        ` / The central database ${database} was upgraded by a newer central API (it has schema migrations this build does not know: ${list}; this build knows up to ${known}). Start a newer build, or restore the backup taken before the upgrade.`,
    );
  }
}

/**
 * In the source tree the SQL files sit in `migrations/<dialect>/` beside this file. The bundled
 * Electron main has this code inside `dist/main/electron-main.mjs`, whose `migrations/` folder is
 * the workstation's; scripts/build-main.mjs copies these to `server-migrations/` next to it.
 */
export function serverMigrationsDir(dialect: Dialect): string {
  const bundled = new URL(`./server-migrations/${dialect}/`, import.meta.url);
  return fileURLToPath(existsSync(bundled) ? bundled : new URL(`./migrations/${dialect}/`, import.meta.url));
}

export const serverMigrations = (dialect: Dialect): Migration[] => loadMigrations(serverMigrationsDir(dialect));

/**
 * What to apply: every known migration the database has not recorded, in number order (ranges are
 * developed in parallel, so 020 may be applied before 010 exists). A recorded migration this build
 * does not know, by number or by name, means a newer build upgraded the database: refused.
 */
export function pendingMigrations(applied: AppliedMigration[], known: Migration[], database: string): Migration[] {
  const names = new Map(known.map((m) => [m.version, m.name]));
  const unknown = applied.filter((m) => names.get(m.version) !== m.name).sort((a, b) => a.version - b.version);
  if (unknown.length > 0) throw new SchemaTooNewError(database, unknown, known.at(-1)?.version ?? 0);
  const done = new Set(applied.map((m) => m.version));
  return known.filter((m) => !done.has(m.version));
}

/** Brings an SQLite central database up to date under its write lock; returns what it applied. */
export function migrateSqlite(db: Database.Database, known: Migration[], database: string): Migration[] {
  return db
    .transaction(() => {
      db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT');
      const applied = db.prepare('SELECT version, name FROM schema_migrations').all() as AppliedMigration[];
      const pending = pendingMigrations(applied, known, database);
      const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
      for (const migration of pending) {
        db.exec(migration.sql);
        if (migration.version === 1) addFieldMetaToSkeletonEraDocuments(db);
        record.run(migration.version, migration.name, new Date().toISOString());
      }
      return pending;
    })
    .immediate();
}

/**
 * The walking skeleton's documents table had no field_meta, and the baseline's CREATE TABLE IF
 * NOT EXISTS leaves an existing table alone; SQLite has no ADD COLUMN IF NOT EXISTS.
 */
function addFieldMetaToSkeletonEraDocuments(db: Database.Database): void {
  const columns = db.prepare(`SELECT name FROM pragma_table_info('documents')`).pluck().all() as string[];
  if (!columns.includes('field_meta')) db.exec('ALTER TABLE documents ADD COLUMN field_meta TEXT');
}

/** Any key, as long as it is this one: 'HOTL' + 1. */
const SCHEMA_LOCK = 0x484f544c01;

/**
 * Brings a PostgreSQL central database up to date. DDL is transactional there, so the whole
 * upgrade is one transaction; the advisory lock is transaction-scoped (it also works through
 * pgbouncer's transaction pooling, and is released by the commit or by a lost connection), so
 * API processes starting together wait for the first and then find nothing left to do.
 */
export async function migratePostgres(pool: pg.Pool, known: Migration[], database: string): Promise<Migration[]> {
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
      const { rows } = await client.query<AppliedMigration>('SELECT version, name FROM schema_migrations');
      const pending = pendingMigrations(rows, known, database);
      for (const migration of pending) {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      }
      await client.query('COMMIT');
      return pending;
    } catch (error) {
      failure = error as Error;
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  } finally {
    client.release(failure); // a client whose connection broke must not go back to the pool
  }
}
