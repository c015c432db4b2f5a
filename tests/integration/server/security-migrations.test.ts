import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startApiServer } from '../../../src-server/start.js';
import { serverMigrations, type Dialect } from '../../../src-server/storage/schema.js';
import { PostgresStorage } from '../../../src-server/storage/postgres-storage.js';
import { SqliteStorage } from '../../../src-server/storage/sqlite-storage.js';
import { REPO_ROOT } from '../../support/processes.js';
import { useScratchWithPostgres } from '../../support/postgres.js';
import { queryServerDb } from '../../support/server-db.js';
import { noteEvent, ticketDocument } from '../../support/ticket-documents.js';

// Issue 15's server migrations on a database holding the pre-migration fixture's agents and data
// (tests/fixtures/server-db): the agents keep signing in, their tokens start at version 0.

const FIXTURES = path.join(REPO_ROOT, 'tests/fixtures/server-db');
const scratch = useScratchWithPostgres('hotline-security-migrations-');

let databases = 0;
const engines: { dialect: Dialect; fixture(): string; open(db: string, upTo: number): Promise<SqliteStorage | PostgresStorage> }[] = [
  {
    dialect: 'sqlite',
    fixture() {
      const file = path.join(scratch.dir, `fixture-${++databases}.db`);
      copyFileSync(path.join(FIXTURES, 'pre-migrations.sqlite'), file);
      return file;
    },
    open: async (db, upTo) => new SqliteStorage(db, serverMigrations('sqlite').filter((m) => m.version <= upTo)),
  },
  {
    dialect: 'postgres',
    fixture() {
      const url = scratch.postgres.createDatabase(`security_migrations_${++databases}`);
      scratch.postgres.psqlFile(url, path.join(FIXTURES, 'pre-migrations-postgres.sql'));
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

  it("'027_reveal_audit': reveals already in the ticket histories are recorded (append-only is tried in tests/integration/security/reveal-audit.test.ts)", async () => {
    const db = engine.fixture();
    const storage = await engine.open(db, 26);
    const revealedAt = '2026-11-30T02:00:00.000Z';
    const reveal = { id: '0193c0de-0000-7000-8000-00000000a027', kind: 'revealed' as const, at: '2026-11-30T02:00:05.000Z', recordedAt: revealedAt, actor: '1001', actorName: '张敏', actorRole: 'agent' as const, field: 'customerPhone', reason: '核对回访号码' };
    const ticket = ticketDocument(undefined, { events: [noteEvent('已致电客户'), reveal] });
    await storage.putDocuments([{ collection: 'tickets', id: ticket.id, data: ticket, team: ticket.team, owner: null }]);
    await storage.close();

    const upgraded = await engine.open(db, 27);
    try {
      expect(await upgraded.listReveals({ limit: 10 })).toEqual([
        { eventId: reveal.id, ticketId: ticket.id, field: 'customerPhone', reason: '核对回访号码', agentId: '1001', agentRole: 'agent', team: ticket.team, revealedAt, recordedAt: reveal.at },
      ]);
    } finally {
      await upgraded.close();
    }
  }, 60_000);
});
