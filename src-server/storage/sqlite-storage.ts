import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Change, Collection } from '../../src-shared/sync/protocol.js';
import type { AgentRecord, DocumentWrite, PullPage, ServerStorage, Viewer } from './storage.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS agents (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, team TEXT NOT NULL, role TEXT NOT NULL,
  password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0
) STRICT;
-- The latest state of every synced document. seq is its position in the change log: every write
-- moves the document to a new, higher seq, so a puller that reads seq > cursor sees the latest state.
CREATE TABLE IF NOT EXISTS documents (
  collection TEXT NOT NULL, id TEXT NOT NULL, rev INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
  data TEXT, team TEXT, owner TEXT, seq INTEGER NOT NULL UNIQUE,
  PRIMARY KEY (collection, id)
) STRICT;
`;

interface DocumentRow {
  collection: string;
  id: string;
  rev: number;
  deleted: number;
  data: string | null;
  seq: number;
}

/**
 * The embedded default: one process, one SQLite file. better-sqlite3 serialises writers, so seq
 * order equals commit order and a cursor can never skip a change.
 */
export class SqliteStorage implements ServerStorage {
  private readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('epoch', ?)`).run(randomUUID());
  }

  async epoch(): Promise<string> {
    return (await this.getMeta('epoch'))!;
  }

  async getMeta(key: string): Promise<string | undefined> {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  async findAgent(id: string): Promise<AgentRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM agents WHERE id = ?').get(id) as AgentRow | undefined;
    return row && toAgent(row);
  }

  async saveAgent(agent: AgentRecord): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO agents (id, name, team, role, password_hash, disabled) VALUES (@id, @name, @team, @role, @passwordHash, @disabled)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, team = excluded.team, role = excluded.role,
           password_hash = excluded.password_hash, disabled = excluded.disabled`,
      )
      .run({ ...agent, disabled: agent.disabled ? 1 : 0 });
  }

  async listAgents(): Promise<AgentRecord[]> {
    return (this.db.prepare('SELECT * FROM agents ORDER BY id').all() as AgentRow[]).map(toAgent);
  }

  async putDocuments(writes: DocumentWrite[]): Promise<void> {
    const nextSeq = this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM documents').pluck();
    const upsert = this.db.prepare(
      `INSERT INTO documents (collection, id, rev, deleted, data, team, owner, seq)
       VALUES (@collection, @id, 1, @deleted, @data, @team, @owner, @seq)
       ON CONFLICT(collection, id) DO UPDATE SET rev = rev + 1, deleted = excluded.deleted, data = excluded.data,
         team = excluded.team, owner = excluded.owner, seq = excluded.seq`,
    );
    this.db.transaction(() => {
      for (const write of writes) {
        upsert.run({
          collection: write.collection,
          id: write.id,
          deleted: write.deleted ? 1 : 0,
          data: write.deleted ? null : JSON.stringify(write.data),
          team: write.team ?? null,
          owner: write.owner ?? null,
          seq: nextSeq.get() as number,
        });
      }
    }).immediate();
  }

  async getDocument(collection: Collection, id: string): Promise<Change | undefined> {
    const row = this.db.prepare('SELECT * FROM documents WHERE collection = ? AND id = ?').get(collection, id) as DocumentRow | undefined;
    return row && toChange(row);
  }

  async countDocuments(collection: Collection): Promise<number> {
    return this.db.prepare('SELECT COUNT(*) FROM documents WHERE collection = ? AND deleted = 0').pluck().get(collection) as number;
  }

  async pull(viewer: Viewer, cursor: number, limit: number): Promise<PullPage> {
    // Scan the log in order and remember how far we looked, visible or not, so invisible rows
    // never make a puller read the same stretch again.
    const rows = this.db
      .prepare('SELECT collection, id, rev, deleted, data, seq, team, owner FROM documents WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(cursor, limit) as (DocumentRow & { team: string | null; owner: string | null })[];
    const visible = rows.filter((row) => (row.team === null || row.team === viewer.team) && (row.owner === null || row.owner === viewer.agentId));
    return { changes: visible.map(toChange), cursor: rows.at(-1)?.seq ?? cursor, hasMore: rows.length === limit };
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

interface AgentRow {
  id: string;
  name: string;
  team: string;
  role: AgentRecord['role'];
  password_hash: string;
  disabled: number;
}

const toAgent = (row: AgentRow): AgentRecord => ({
  id: row.id,
  name: row.name,
  team: row.team,
  role: row.role,
  passwordHash: row.password_hash,
  disabled: row.disabled === 1,
});

const toChange = (row: DocumentRow): Change => ({
  collection: row.collection as Collection,
  id: row.id,
  rev: row.rev,
  deleted: row.deleted === 1,
  data: row.data === null ? null : JSON.parse(row.data),
});
