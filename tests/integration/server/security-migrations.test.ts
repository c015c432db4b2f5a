import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '../../../src-server/start.js';
import { serverMigrations, type Dialect } from '../../../src-server/storage/schema.js';
import { PostgresStorage } from '../../../src-server/storage/postgres-storage.js';
import { SqliteStorage } from '../../../src-server/storage/sqlite-storage.js';
import { REPO_ROOT } from '../../support/processes.js';
import { startPostgres, type ThrowawayPostgres } from '../../support/postgres.js';
import { queryServerDb } from '../../support/server-db.js';

// Issue 15's server migrations on a database holding the pre-migration fixture's agents and data
// (tests/fixtures/server-db): the agents keep signing in, their tokens start at version 0.

const FIXTURES = path.join(REPO_ROOT, 'tests/fixtures/server-db');
let scratch: string;
let postgres: ThrowawayPostgres;
beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'hotline-security-migrations-'));
  postgres = await startPostgres();
});
afterAll(() => {
  postgres?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

let databases = 0;
const engines: { dialect: Dialect; fixture(): string; open(db: string, upTo: number): Promise<{ close(): Promise<void> }> }[] = [
  {
    dialect: 'sqlite',
    fixture() {
      const file = path.join(scratch, `fixture-${++databases}.db`);
      copyFileSync(path.join(FIXTURES, 'pre-migrations.sqlite'), file);
      return file;
    },
    open: async (db, upTo) => new SqliteStorage(db, serverMigrations('sqlite').filter((m) => m.version <= upTo)),
  },
  {
    dialect: 'postgres',
    fixture() {
      const url = postgres.createDatabase(`security_migrations_${++databases}`);
      postgres.psqlFile(url, path.join(FIXTURES, 'pre-migrations-postgres.sql'));
      return url;
    },
    open: (db, upTo) => PostgresStorage.open(db, serverMigrations('postgres').filter((m) => m.version <= upTo)),
  },
];

describe.each(engines)('issue 15 server migrations on $dialect', (engine) => {
  it("'025_agent_token_version' and '026_refresh_tokens': every agent starts at token version 0 and signs in, refreshes and signs out", async () => {
    const db = engine.fixture();
    await (await engine.open(db, 24)).close();
    const agents = await queryServerDb(db, 'SELECT id FROM agents ORDER BY id');
    expect(agents.length).toBeGreaterThan(0);
    await (await engine.open(db, 26)).close();
    const versions = await queryServerDb(db, 'SELECT id, token_version FROM agents ORDER BY id');
    expect(versions).toEqual(agents.map((agent) => ({ id: agent.id, token_version: 0 })));
    expect(await queryServerDb(db, 'SELECT COUNT(*) AS n FROM refresh_tokens')).toEqual([{ n: engine.dialect === 'sqlite' ? 0 : '0' }]);

    const server = await startApiServer({ db, seeds: false, logger: false });
    try {
      const post = (url: string, body: unknown, token?: string) =>
        fetch(`${server.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
      const login = await post('/v1/auth/login', { agentId: '1001', password: 'hotline1001' });
      expect(login.status).toBe(200);
      const tokens = (await login.json()) as { accessToken: string; refreshToken: string };
      const refreshed = await post('/v1/auth/refresh', { refreshToken: tokens.refreshToken });
      expect(refreshed.status).toBe(200);
      const next = (await refreshed.json()) as { accessToken: string; refreshToken: string };
      expect((await post('/v1/auth/logout', { refreshToken: next.refreshToken }, next.accessToken)).status).toBe(200);
    } finally {
      await server.close();
    }
    expect(await queryServerDb(db, `SELECT token_version FROM agents WHERE id = '1001'`)).toEqual([{ token_version: 1 }]);
  }, 60_000);
});
