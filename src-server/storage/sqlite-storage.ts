import Database from 'better-sqlite3-multiple-ciphers';
import { openEncryptedSqlite } from '../../src-node/sqlite/encrypted-sqlite.js';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Change, Collection, Mutation, PushResult } from '../../src-shared/sync/protocol.js';
import { faultPoint } from '../../src-node/fault-points.js';
import { documentKey, planPush } from '../sync/plan-push.js';
import { EVERYONE, audienceOf } from './audience.js';
import { REVEAL_COLUMNS, toReveal } from './reveal-row.js';
import type {
  AgentRecord,
  ChangeAudience,
  DocumentWrite,
  MutationDecider,
  NewAgentRecord,
  PullPage,
  RefreshUse,
  PushContext,
  RevealQuery,
  RevealRecord,
  ServerStorage,
  StoredAttachment,
  StoredDocument,
  StoredRefreshToken,
  TokenState,
  Viewer,
} from './storage.js';
import { toAgent, toTokenState, type AgentRow } from './agent-row.js';
import { migrateSqlite, serverMigrations, type Migration } from './schema.js';


interface DocumentRow {
  collection: string;
  id: string;
  rev: number;
  deleted: number;
  data: string | null;
  field_meta: string | null;
  team: string | null;
  owner: string | null;
  seq: number;
}

/**
 * The embedded default: one process, one SQLite file. Every write runs in an IMMEDIATE transaction
 * (SQLite's one write lock) and numbers its changes after MAX(seq), so seq order equals commit
 * order and a cursor can never skip a change.
 */
export class SqliteStorage implements ServerStorage {
  private readonly db: Database.Database;
  private readonly changes = new EventEmitter<{ change: [ChangeAudience] }>();
  private watcher: NodeJS.Timeout | undefined;

  /**
   * `migrations`: the schema to bring the file to (tests pass older or extra ones). `key`: the
   * file is encrypted at rest (the embedded API in a workstation's profile folder holds the team's
   * tickets on a laptop); a centre's own server is PostgreSQL or a disk the centre protects.
   */
  constructor(file: string, migrations: Migration[] = serverMigrations('sqlite'), key?: Buffer) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = key && file !== ':memory:' ? openEncryptedSqlite(file, key) : new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    try {
      migrateSqlite(this.db, migrations, path.basename(file));
    } catch (error) {
      this.db.close();
      throw error;
    }
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

  async saveAgent(agent: NewAgentRecord): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO agents (id, name, team, role, password_hash, disabled) VALUES (@id, @name, @team, @role, @passwordHash, @disabled)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, team = excluded.team, role = excluded.role,
           password_hash = excluded.password_hash, disabled = excluded.disabled,
           token_version = token_version + (excluded.password_hash <> password_hash OR (excluded.disabled = 1 AND disabled = 0) OR excluded.team <> team OR excluded.role <> role)`,
      )
      .run({ id: agent.id, name: agent.name, team: agent.team, role: agent.role, passwordHash: agent.passwordHash, disabled: agent.disabled ? 1 : 0 });
  }

  async listAgents(): Promise<AgentRecord[]> {
    return (this.db.prepare('SELECT * FROM agents ORDER BY id').all() as AgentRow[]).map(toAgent);
  }

  async bumpTokenVersion(agentId: string): Promise<void> {
    this.db.prepare('UPDATE agents SET token_version = token_version + 1 WHERE id = ?').run(agentId);
  }

  async tokenStates(agentIds: string[]): Promise<Map<string, TokenState>> {
    const rows = this.db.prepare(`SELECT id, token_version, disabled FROM agents WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(agentIds)) as AgentRow[];
    return new Map(rows.map((row) => [row.id, toTokenState(row)]));
  }

  async saveRefreshToken(token: StoredRefreshToken): Promise<void> {
    this.db
      .transaction(() => {
        this.db.prepare('DELETE FROM refresh_tokens WHERE agent_id = ? AND expires_at < ?').run(token.agentId, token.issuedAt.toISOString());
        this.db
          .prepare('INSERT INTO refresh_tokens (token_hash, family, agent_id, token_version, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(token.tokenHash, token.family, token.agentId, token.tokenVersion, token.issuedAt.toISOString(), token.expiresAt.toISOString());
      })
      .immediate();
  }

  async useRefreshToken(tokenHash: string, now: Date): Promise<RefreshUse> {
    return this.db
      .transaction((): RefreshUse => {
        const row = this.db.prepare('SELECT family, agent_id, token_version, expires_at, used_at, revoked_at FROM refresh_tokens WHERE token_hash = ?').get(tokenHash) as
          | { family: string; agent_id: string; token_version: number; expires_at: string; used_at: string | null; revoked_at: string | null }
          | undefined;
        if (!row || row.revoked_at !== null || row.expires_at <= now.toISOString()) return { status: 'invalid' };
        if (row.used_at !== null) return { status: 'reused', family: row.family, agentId: row.agent_id };
        this.db.prepare('UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ?').run(now.toISOString(), tokenHash);
        return { status: 'fresh', family: row.family, agentId: row.agent_id, tokenVersion: row.token_version };
      })
      .immediate();
  }

  async revokeRefreshFamily(family: string, now: Date): Promise<void> {
    this.db.prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE family = ? AND revoked_at IS NULL').run(now.toISOString(), family);
  }

  async revokeRefreshFamilyOf(tokenHash: string, now: Date): Promise<{ family: string; agentId: string } | undefined> {
    const row = this.db.prepare('SELECT family, agent_id FROM refresh_tokens WHERE token_hash = ?').get(tokenHash) as { family: string; agent_id: string } | undefined;
    if (!row) return undefined;
    await this.revokeRefreshFamily(row.family, now);
    return { family: row.family, agentId: row.agent_id };
  }

  async putDocuments(writes: DocumentWrite[]): Promise<void> {
    if (writes.length === 0) return;
    const upsert = this.db.prepare(
      `INSERT INTO documents (collection, id, rev, deleted, data, field_meta, team, owner, seq)
       VALUES (@collection, @id, 1, @deleted, @data, NULL, @team, @owner, @seq)
       ON CONFLICT(collection, id) DO UPDATE SET rev = rev + 1, deleted = excluded.deleted, data = excluded.data,
         field_meta = NULL, team = excluded.team, owner = excluded.owner, seq = excluded.seq`,
    );
    this.db
      .transaction(() => {
        let seq = this.headSeq();
        for (const write of writes) {
          upsert.run({
            collection: write.collection,
            id: write.id,
            deleted: write.deleted ? 1 : 0,
            data: write.deleted ? null : JSON.stringify(write.data),
            team: write.team ?? null,
            owner: write.owner ?? null,
            seq: ++seq,
          });
        }
      })
      .immediate();
    this.changes.emit('change', audienceOf(writes));
  }

  async getDocument(collection: Collection, id: string): Promise<Change | undefined> {
    const row = this.db.prepare('SELECT * FROM documents WHERE collection = ? AND id = ?').get(collection, id) as DocumentRow | undefined;
    return row && toChange(row);
  }

  async countDocuments(collection: Collection): Promise<number> {
    return this.db.prepare('SELECT COUNT(*) FROM documents WHERE collection = ? AND deleted = 0').pluck().get(collection) as number;
  }

  async putAttachment(attachment: StoredAttachment): Promise<boolean> {
    const result = this.db
      .prepare('INSERT INTO attachments (sha256, mime, size, data, team, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING')
      .run(attachment.sha256, attachment.mime, attachment.data.length, attachment.data, attachment.team, attachment.uploadedBy, new Date().toISOString());
    return result.changes > 0;
  }

  async getAttachment(sha256: string): Promise<StoredAttachment | undefined> {
    const row = this.db.prepare('SELECT sha256, mime, data, team, uploaded_by FROM attachments WHERE sha256 = ?').get(sha256) as
      | { sha256: string; mime: string; data: Buffer; team: string; uploaded_by: string }
      | undefined;
    return row && { sha256: row.sha256, mime: row.mime, data: row.data, team: row.team, uploadedBy: row.uploaded_by };
  }

  async attachmentReadableBy(viewer: Viewer, sha256: string): Promise<boolean> {
    const found = this.db
      .prepare(
        `SELECT 1 FROM attachments WHERE sha256 = ? AND uploaded_by = ?
         UNION ALL
         SELECT 1 FROM documents WHERE collection = 'tickets' AND deleted = 0 AND instr(data, ?) > 0
           AND (team IS NULL OR team = ?) AND (owner IS NULL OR owner = ?)
         LIMIT 1`,
      )
      .get(sha256, viewer.agentId, `"sha256":"${sha256}"`, viewer.team, viewer.agentId);
    return found !== undefined;
  }

  async listDocuments(collection: Collection): Promise<Change[]> {
    const rows = this.db.prepare('SELECT * FROM documents WHERE collection = ? AND deleted = 0 ORDER BY id').all(collection) as DocumentRow[];
    return rows.map(toChange);
  }

  async pull(viewer: Viewer, cursor: number, limit: number): Promise<PullPage> {
    const select = this.db.prepare(
      `SELECT collection, id, rev, deleted, data, seq FROM documents
       WHERE seq > ? AND (team IS NULL OR team = ?) AND (owner IS NULL OR owner = ?) ORDER BY seq LIMIT ?`,
    );
    // One read transaction: the head and the rows come from the same snapshot, so when the page
    // is not full the cursor may jump to the head without passing over anything unread.
    return this.db.transaction(() => {
      const rows = select.all(cursor, viewer.team, viewer.agentId, limit) as DocumentRow[];
      const hasMore = rows.length === limit;
      const next = hasMore ? rows.at(-1)!.seq : Math.max(cursor, this.headSeq());
      return { changes: rows.map(toChange), cursor: next, hasMore };
    })();
  }

  async applyMutations(context: PushContext, mutations: Mutation[], decide: MutationDecider): Promise<PushResult[]> {
    const findApplied = this.db.prepare('SELECT rev FROM mutations WHERE mutation_id = ?').pluck();
    const findDocument = this.db.prepare('SELECT * FROM documents WHERE collection = ? AND id = ?');
    const upsert = this.db.prepare(
      `INSERT INTO documents (collection, id, rev, deleted, data, field_meta, team, owner, seq)
       VALUES (@collection, @id, @rev, @deleted, @data, @fieldMeta, @team, @owner, @seq)
       ON CONFLICT(collection, id) DO UPDATE SET rev = excluded.rev, deleted = excluded.deleted, data = excluded.data,
         field_meta = excluded.field_meta, team = excluded.team, owner = excluded.owner, seq = excluded.seq`,
    );
    const record = this.db.prepare(
      'INSERT INTO mutations (mutation_id, client_id, agent_id, collection, entity_id, rev, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const audit = this.db.prepare(
      `INSERT INTO reveal_audit (event_id, ticket_id, field, reason, agent_id, agent_role, team, revealed_at, recorded_at)
       VALUES (@eventId, @ticketId, @field, @reason, @agentId, @agentRole, @team, @revealedAt, @recordedAt) ON CONFLICT (event_id) DO NOTHING`,
    );
    const plan = this.db
      .transaction(() => {
        const alreadyApplied = new Map<string, number>();
        const current = new Map<string, StoredDocument>();
        for (const mutation of mutations) {
          const rev = findApplied.get(mutation.mutationId) as number | undefined;
          if (rev !== undefined) alreadyApplied.set(mutation.mutationId, rev);
          const key = documentKey(mutation.collection, mutation.id);
          if (!current.has(key)) {
            const row = findDocument.get(mutation.collection, mutation.id) as DocumentRow | undefined;
            if (row) current.set(key, toStored(row));
          }
        }
        const planned = planPush(mutations, alreadyApplied, current, decide);
        let seq = this.headSeq();
        for (const write of planned.writes) {
          upsert.run({
            collection: write.collection,
            id: write.id,
            rev: write.rev,
            deleted: write.deleted ? 1 : 0,
            data: write.data === null ? null : JSON.stringify(write.data),
            fieldMeta: JSON.stringify(write.fieldMeta),
            team: write.team,
            owner: write.owner,
            seq: ++seq,
          });
          faultPoint('server.push.mid-transaction');
        }
        const at = new Date().toISOString();
        for (const applied of planned.applied) record.run(applied.mutationId, context.clientId, context.agentId, applied.collection, applied.id, applied.rev, at);
        for (const reveal of planned.reveals) audit.run(reveal);
        return planned;
      })
      .immediate();
    if (plan.writes.length > 0) this.changes.emit('change', audienceOf(plan.writes));
    return plan.results;
  }

  async listReveals(query: RevealQuery): Promise<RevealRecord[]> {
    const rows = this.db
      .prepare(
        `SELECT ${REVEAL_COLUMNS} FROM reveal_audit
         WHERE (@team IS NULL OR team = @team) AND (@agentId IS NULL OR agent_id = @agentId) AND (@since IS NULL OR recorded_at >= @since)
         ORDER BY recorded_at DESC, event_id DESC LIMIT @limit`,
      )
      .all({ team: query.team ?? null, agentId: query.agentId ?? null, since: query.since ?? null, limit: query.limit });
    return rows.map(toReveal);
  }

  async countAppliedMutations(): Promise<number> {
    return this.db.prepare('SELECT COUNT(*) FROM mutations').pluck().get() as number;
  }

  onChange(listener: (audience: ChangeAudience) => void): () => void {
    this.changes.on('change', listener);
    this.watchOtherWriters();
    return () => {
      this.changes.off('change', listener);
      if (this.changes.listenerCount('change') === 0) clearInterval(this.watcher);
    };
  }

  async isReady(): Promise<boolean> {
    try {
      this.db.prepare('SELECT 1').get();
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.watcher);
    this.db.close();
  }

  private headSeq(): number {
    return this.db.prepare('SELECT COALESCE(MAX(seq), 0) FROM documents').pluck().get() as number;
  }

  /**
   * Another process (the admin CLI) may write to the same file. `data_version` changes when another
   * connection commits, so a cheap poll turns such writes into pokes for everyone.
   */
  private watchOtherWriters(): void {
    if (this.watcher || !this.db.open) return;
    let version = this.db.pragma('data_version', { simple: true });
    this.watcher = setInterval(() => {
      if (!this.db.open) return;
      const now = this.db.pragma('data_version', { simple: true });
      if (now !== version) this.changes.emit('change', EVERYONE);
      version = now;
    }, 1_000);
    this.watcher.unref();
  }
}

const toChange = (row: Pick<DocumentRow, 'collection' | 'id' | 'rev' | 'deleted' | 'data'>): Change => ({
  collection: row.collection as Collection,
  id: row.id,
  rev: row.rev,
  deleted: row.deleted === 1,
  data: row.data === null ? null : JSON.parse(row.data),
});

const toStored = (row: DocumentRow): StoredDocument => ({
  collection: row.collection as Collection,
  id: row.id,
  rev: row.rev,
  deleted: row.deleted === 1,
  data: row.data === null ? null : (JSON.parse(row.data) as Record<string, unknown>),
  fieldMeta: row.field_meta ? JSON.parse(row.field_meta) : {},
  team: row.team,
  owner: row.owner,
});
