import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStorage } from '../../../src-server/storage/postgres-storage.js';
import { SchemaTooNewError, serverMigrations, type Dialect, type Migration } from '../../../src-server/storage/schema.js';
import { SqliteStorage } from '../../../src-server/storage/sqlite-storage.js';
import type { ServerStorage } from '../../../src-server/storage/storage.js';
import { startApiServer } from '../../../src-server/start.js';
import { REPO_ROOT } from '../../support/processes.js';
import { startPostgres, type ThrowawayPostgres } from '../../support/postgres.js';
import { createTicketMutation, ticketDocument } from '../../support/ticket-documents.js';

// The ground truth is a database made by the central API as it was before numbered migrations
// (main bf09908), with data written through its HTTP API: tests/fixtures/server-db/ (how it was
// made: make-pre-migrations.ts there). Its shape is what the baseline must reproduce.

const FIXTURES = path.join(REPO_ROOT, 'tests/fixtures/server-db');
const FIXTURE_TICKETS = ['0190a000-0000-7000-8000-000000000001', '0190a000-0000-7000-8000-000000000002'];
const FIXTURE_ATTACHMENT = 'pre-migration attachment bytes';

type Row = Record<string, unknown>;

/** One database engine as these tests need it; `db` is a file path or a postgres:// URL. */
interface Engine {
  dialect: Dialect;
  empty(): Promise<string>;
  /** A database made by the code before numbered migrations, holding data. */
  preMigrations(): Promise<string>;
  open(db: string, migrations?: Migration[]): Promise<ServerStorage>;
  query(db: string, sql: string): Promise<Row[]>;
  /** Tables, columns, types, defaults, keys and indexes: what a migration changes. */
  shape(db: string): Promise<Row>;
}

let scratch: string;
let postgres: ThrowawayPostgres;
let databases = 0;
beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'hotline-server-migrations-'));
  postgres = await startPostgres();
});
afterAll(() => {
  postgres?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const sqlite: Engine = {
  dialect: 'sqlite',
  async empty() {
    return path.join(scratch, `empty-${++databases}.db`);
  },
  async preMigrations() {
    const file = path.join(scratch, `pre-migrations-${++databases}.db`);
    copyFileSync(path.join(FIXTURES, 'pre-migrations.sqlite'), file);
    return file;
  },
  async open(db, migrations) {
    return new SqliteStorage(db, migrations);
  },
  async query(db, sql) {
    const handle = new Database(db);
    try {
      const statement = handle.prepare(sql);
      if (!statement.reader) {
        statement.run();
        return [];
      }
      return statement.all() as Row[];
    } finally {
      handle.close();
    }
  },
  async shape(db) {
    const handle = new Database(db, { readonly: true });
    try {
      const tables = handle.prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string; strict: number }[];
      return Object.fromEntries(
        tables.map(({ name, strict }) => [
          name,
          {
            strict,
            columns: handle.prepare(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid`).all(name),
            indexes: handle.prepare(`SELECT "unique", origin, (SELECT group_concat(name) FROM pragma_index_info(l.name)) AS columns FROM pragma_index_list(?) l ORDER BY columns`).all(name),
          },
        ]),
      );
    } finally {
      handle.close();
    }
  },
};

const postgresql: Engine = {
  dialect: 'postgres',
  async empty() {
    return postgres.createDatabase(`migrations_${++databases}`);
  },
  async preMigrations() {
    const url = postgres.createDatabase(`pre_migrations_${++databases}`);
    postgres.psqlFile(url, path.join(FIXTURES, 'pre-migrations-postgres.sql'));
    return url;
  },
  async open(db, migrations) {
    return PostgresStorage.open(db, migrations);
  },
  async query(db, sql) {
    const client = new pg.Client({ connectionString: db });
    await client.connect();
    try {
      return (await client.query(sql)).rows as Row[];
    } finally {
      await client.end();
    }
  },
  async shape(db) {
    const columns = await postgresql.query(
      db,
      `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    );
    const indexes = await postgresql.query(db, `SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY tablename, indexdef`);
    const checks = await postgresql.query(
      db,
      `SELECT conrelid::regclass::text AS table_name, pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`,
    );
    return { columns, indexes, checks };
  },
};

const withoutVersionTable = (shape: Row): Row => {
  if ('columns' in shape) {
    const drop = (rows: unknown) => (rows as Row[]).filter((row) => row.table_name !== 'schema_migrations' && row.tablename !== 'schema_migrations');
    return { columns: drop(shape.columns), indexes: drop(shape.indexes), checks: drop(shape.checks) };
  }
  const { schema_migrations: _versions, ...rest } = shape;
  return rest;
};

async function recorded(engine: Engine, db: string): Promise<string[]> {
  const rows = await engine.query(db, 'SELECT version, name FROM schema_migrations ORDER BY version');
  return rows.map((row) => `${row.version}_${row.name}`);
}

async function rowCounts(engine: Engine, db: string): Promise<Record<string, number>> {
  const tables =
    engine.dialect === 'sqlite'
      ? await engine.query(db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name`)
      : await engine.query(db, `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY 1`);
  const counts: Record<string, number> = {};
  for (const { name } of tables) counts[name as string] = Number((await engine.query(db, `SELECT COUNT(*) AS n FROM ${name as string}`))[0]!.n);
  return counts;
}

const probe = (version: number, name: string, sql: string): Migration => ({ version, name, sql });

describe.each([sqlite, postgresql])('central API migrations on $dialect', (engine) => {
  const known = serverMigrations(engine.dialect);
  const everything = known.map((m) => `${m.version}_${m.name}`);

  it('gives a new database every migration, recorded, in the shape the code before migrations made', async () => {
    const fresh = await engine.empty();
    await (await engine.open(fresh)).close();
    expect(await recorded(engine, fresh)).toEqual(everything);

    // The baseline is the old code's shape; later migrations change both alike.
    const baseline = await engine.empty();
    await (await engine.open(baseline, known.slice(0, 1))).close();
    const old = await engine.preMigrations();
    expect(withoutVersionTable(await engine.shape(baseline))).toEqual(await engine.shape(old));
    await (await engine.open(old)).close();
    expect(await engine.shape(old)).toEqual(await engine.shape(fresh));
  });

  it('upgrades a database made before numbered migrations with its data, and its agents keep working', async () => {
    const db = await engine.preMigrations();
    const before = await rowCounts(engine, db);
    const [epoch] = await engine.query(db, `SELECT value FROM meta WHERE key = 'epoch'`);
    const [applied] = await engine.query(db, `SELECT mutation_id FROM mutations WHERE entity_id = '${FIXTURE_TICKETS[0]}'`);
    expect(before.mutations).toBe(2);

    const server = await startApiServer({ db, seeds: false, logger: false });
    try {
      expect(await recorded(engine, db)).toEqual(everything);
      expect(await server.storage.epoch()).toBe(epoch!.value);
      // The password hash and the token secret came through: the agent signs in as before.
      const login = await fetch(`${server.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agentId: '1001', password: 'hotline1001' }) });
      expect(login.status).toBe(200);
      const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
      const pulled = (await (await fetch(`${server.url}/v1/sync/pull?cursor=0&limit=500`, { headers: auth })).json()) as { changes: { collection: string; id: string }[] };
      expect(pulled.changes.filter((c) => c.collection === 'tickets').map((c) => c.id).sort()).toEqual(FIXTURE_TICKETS);
      // The idempotency ledger came through: a retry of a push the old build applied is a duplicate.
      const retry = { ...createTicketMutation(ticketDocument(FIXTURE_TICKETS[0])), mutationId: applied!.mutation_id as string };
      const fresh = createTicketMutation(ticketDocument());
      const push = await fetch(`${server.url}/v1/sync/push`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ clientId: 'ws-fixture-1001', mutations: [retry, fresh] }) });
      expect(((await push.json()) as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['duplicate', 'applied']);
      const pulls = (await (await fetch(`${server.url}/v1/sync/pull?cursor=0&limit=500`, { headers: auth })).json()) as { changes: { collection: string; data: { attachments?: unknown } }[] };
      expect(pulls.changes.filter((c) => c.collection === 'tickets')).toHaveLength(3);
      const attachments = await engine.query(db, 'SELECT sha256 FROM attachments');
      const download = await fetch(`${server.url}/v1/attachments/${attachments[0]!.sha256 as string}`, { headers: auth });
      expect(Buffer.from(await download.arrayBuffer()).toString()).toBe(FIXTURE_ATTACHMENT);
    } finally {
      await server.close();
    }
    // The sign-in left its refresh token (026_refresh_tokens); the fixture's tickets hold no reveal (027_reveal_audit).
    expect(await rowCounts(engine, db)).toEqual({ ...before, documents: before.documents! + 1, mutations: 3, refresh_tokens: 1, reveal_audit: 0 });
  });

  it('refuses a database a newer build upgraded, in Chinese and English, and leaves it as it is', async () => {
    const db = await engine.empty();
    await (await engine.open(db)).close();
    await engine.query(db, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from_a_newer_build', '2027-01-01T00:00:00Z')`);
    const shape = await engine.shape(db);
    const refusal = await engine.open(db).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(SchemaTooNewError);
    const message = (refusal as Error).message;
    expect(message).toContain('999_from_a_newer_build');
    expect(message).toMatch(/更新版本的中央 API 升级.*本版本只认识到 \d+/);
    expect(message).toMatch(/upgraded by a newer central API.*this build knows up to \d+/);
    expect(message).not.toContain('postgres://');
    expect(await engine.shape(db)).toEqual(shape);
    expect(await recorded(engine, db)).toEqual([...everything, '999_from_a_newer_build']);

    // Same number, another name: also another build's migration.
    await engine.query(db, `DELETE FROM schema_migrations WHERE version = 999`);
    await engine.query(db, `UPDATE schema_migrations SET name = 'baseline_of_a_fork' WHERE version = 1`);
    await expect(engine.open(db)).rejects.toThrow(/001_baseline_of_a_fork/);
  });

  it('applies all pending migrations or none: a failing one leaves the database as it was', async () => {
    const db = await engine.preMigrations();
    const shape = await engine.shape(db);
    const counts = await rowCounts(engine, db);
    const broken = [...known, probe(998, 'probe_table', 'CREATE TABLE probe_table (x integer)'), probe(999, 'broken', 'INSERT INTO no_such_table VALUES (1)')];
    await expect(engine.open(db, broken)).rejects.toThrow(/no_such_table/);
    expect(await engine.shape(db)).toEqual(shape); // not even the version table: the baseline rolled back too
    expect(await rowCounts(engine, db)).toEqual(counts);
    await (await engine.open(db)).close();
    expect(await recorded(engine, db)).toEqual(everything);
  });

  it('applies a migration of an earlier range that landed after a later one (ranges are worked on in parallel)', async () => {
    const db = await engine.empty();
    const later = probe(998, 'later_range', 'CREATE TABLE later_range (x integer)');
    const earlier = probe(997, 'earlier_range', 'CREATE TABLE earlier_range (x integer)');
    await (await engine.open(db, [...known, later])).close();
    await (await engine.open(db, [...known, earlier, later])).close();
    expect(await recorded(engine, db)).toEqual([...everything, '997_earlier_range', '998_later_range']);
    expect(await rowCounts(engine, db)).toMatchObject({ earlier_range: 0, later_range: 0 });
  });

  // Each migration from the database one version before it, holding the fixture's data (and
  // whatever the earlier migrations did to it): nothing is lost, the storage works afterwards.
  it.each(known.map((migration, index) => [`${String(migration.version).padStart(3, '0')}_${migration.name}`, index] as const))(
    'upgrades to %s from the version before it, with data',
    async (_name, index) => {
      const db = await engine.preMigrations();
      if (index > 0) await (await engine.open(db, known.slice(0, index))).close();
      const before = await rowCounts(engine, db);
      const storage = await engine.open(db, known.slice(0, index + 1));
      try {
        expect(await recorded(engine, db)).toEqual(everything.slice(0, index + 1));
        expect(await rowCounts(engine, db)).toMatchObject(before);
        expect((await storage.getDocument('tickets', FIXTURE_TICKETS[1]!))?.rev).toBe(1);
        expect(await storage.countAppliedMutations()).toBe(2);
      } finally {
        await storage.close();
      }
    },
  );
});

describe('central API migrations', () => {
  it('upgrades a database made by the walking skeleton (no field_meta, no ledger, no attachments) on SQLite', async () => {
    const file = path.join(scratch, 'skeleton.db');
    const handle = new Database(file);
    handle.exec(readFileSync(path.join(FIXTURES, 'skeleton-era-sqlite.sql'), 'utf8'));
    handle.close();
    const storage = new SqliteStorage(file);
    try {
      expect(await storage.epoch()).toBe('5b1c0f7e-skeleton-era-epoch');
      expect(await storage.getDocument('tickets', 'tk-skeleton-1')).toMatchObject({ rev: 2, data: { title: '旧工单' } });
      expect((await storage.pull({ agentId: '1001', team: '宽带一组' }, 0, 10)).changes).toHaveLength(2);
    } finally {
      await storage.close();
    }
    const fresh = path.join(scratch, 'skeleton-fresh.db');
    await (await sqlite.open(fresh)).close();
    expect(await sqlite.shape(file)).toEqual(await sqlite.shape(fresh));
  });

  it('PostgreSQL API processes starting together queue on the schema lock instead of racing', async () => {
    const url = postgres.createDatabase('migrations_race');
    // Slow enough that the starts overlap; without the lock two CREATE TABLEs collide on pg_type.
    const slow = [...serverMigrations('postgres'), probe(999, 'slow', 'SELECT pg_sleep(0.3); CREATE TABLE slow_probe (x integer);')];
    const storages = await Promise.all(Array.from({ length: 4 }, () => PostgresStorage.open(url, slow)));
    await Promise.all(storages.map((storage) => storage.close()));
    expect(await recorded(postgresql, url)).toEqual([...serverMigrations('postgres').map((m) => `${m.version}_${m.name}`), '999_slow']);
    expect(await postgresql.query(url, `SELECT COUNT(*)::int AS n FROM meta WHERE key = 'epoch'`)).toEqual([{ n: 1 }]);
  });

  it('every migration exists in both dialects under one name, and a test names it', () => {
    const names = (dialect: Dialect) => serverMigrations(dialect).map((m) => `${String(m.version).padStart(3, '0')}_${m.name}`);
    expect(names('postgres')).toEqual(names('sqlite'));
    const testText = testFiles(path.join(REPO_ROOT, 'tests')).map((file) => readFileSync(file, 'utf8')).join('\n');
    const untested = names('sqlite').filter((name) => name !== '001_baseline' && !testText.includes(`'${name}'`));
    expect(untested).toEqual([]);
  });
});

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return testFiles(full);
    return name.endsWith('.test.ts') ? [full] : [];
  });
}
