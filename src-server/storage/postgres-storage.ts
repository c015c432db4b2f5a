import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Change, Collection, Mutation, PushResult } from '../../src-shared/sync/protocol.js';
import { faultPoint } from '../../src-node/fault-points.js';
import { documentKey, planPush } from '../sync/plan-push.js';
import { EVERYONE, audienceOf } from './audience.js';
import { REVEAL_COLUMNS, toReveal } from './reveal-row.js';
import { isConnectionError } from './pg-errors.js';
import {
  DatabaseUnavailableError,
  type AgentRecord,
  type ChangeAudience,
  type DocumentWrite,
  type MutationDecider,
  type NewAgentRecord,
  type PullPage,
  type PushContext,
  type RefreshUse,
  type RevealQuery,
  type RevealRecord,
  type ServerStorage,
  type StoredAttachment,
  type StoredDocument,
  type StoredRefreshToken,
  type TokenState,
  type Viewer,
} from './storage.js';
import { toAgent, toTokenState, type AgentRow } from './agent-row.js';
import { migratePostgres, serverMigrations, type Migration } from './schema.js';


/** Advisory lock key (an arbitrary constant, 'HOTL' + 2; schema.ts has + 1). */
const WRITE_LOCK = 0x484f544c02;
const CHANNEL = 'hotline_changes';

interface DocumentRow {
  collection: string;
  id: string;
  rev: number;
  deleted: boolean;
  data: string | null;
  field_meta: string | null;
  team: string | null;
  owner: string | null;
  seq: string;
}

/**
 * Scale-out storage: several API processes on one PostgreSQL database.
 *
 * Gap-free cursors: a sequence alone would let a transaction that took seq 11 commit before one
 * that took seq 10, and a puller reading "seq > 9" between the two commits would move its cursor
 * to 11 and never see 10. Here every writing transaction first takes one transaction-scoped
 * advisory lock and only then numbers its changes from `log_head`; the lock is released after the
 * commit is visible, so numbering order is commit order across all processes. Pulls read rows and
 * the head in one REPEATABLE READ snapshot. Writers queue on the lock; each push is one short
 * transaction of a few set-based statements, which keeps the serialised section small.
 */
export class PostgresStorage implements ServerStorage {
  private readonly pool: pg.Pool;
  private readonly changes = new EventEmitter<{ change: [ChangeAudience] }>();
  private listener: pg.Client | undefined;
  private closed = false;

  /** The last epoch read: liveness and the event stream's hello still answer while the database is away. */
  private knownEpoch: string | undefined;

  private constructor(
    private readonly url: string,
    poolSize: number,
    /** false: a broker carries the pokes across processes (fanout/broker-fanout.ts); no NOTIFY on the commit path, no LISTEN. */
    private readonly notifyThroughDatabase: boolean,
  ) {
    this.pool = new pg.Pool({
      connectionString: url,
      max: poolSize,
      // During an outage a request fails within seconds (503) instead of queueing for a connection forever.
      connectionTimeoutMillis: 3_000,
      keepAlive: true,
    });
    // A connection can break while idle in the pool or while checked out (PostgreSQL restarting
    // under load): a client with no 'error' listener would take the whole process down. The query
    // in flight rejects on its own; withClient then hands the client back broken, to be discarded.
    this.pool.on('error', () => {});
    this.pool.on('connect', (client) => client.on('error', () => {}));
  }

  /**
   * `migrations`: the schema to bring the database to (tests pass older or extra ones).
   * `waitForDatabase`: an API process may start before PostgreSQL is up; it retries until it
   * answers, telling `onWait` each time (an admin command should fail instead, so it is off by default).
   * `pgPoolSize`: connections of this process (HOTLINE_PG_POOL).
   */
  static async open(
    url: string,
    migrations: Migration[] = serverMigrations('postgres'),
    options: { waitForDatabase?: boolean; onWait?: (error: Error) => void; pgPoolSize?: number; notifyThroughDatabase?: boolean } = {},
  ): Promise<PostgresStorage> {
    const storage = new PostgresStorage(url, options.pgPoolSize ?? 10, options.notifyThroughDatabase ?? true);
    for (let attempt = 0; ; attempt++) {
      try {
        await migratePostgres(storage.pool, migrations, databaseName(url));
        await storage.query(`INSERT INTO meta (key, value) VALUES ('epoch', $1) ON CONFLICT DO NOTHING`, [randomUUID()]);
        return storage;
      } catch (error) {
        if (options.waitForDatabase && isConnectionError(error)) {
          options.onWait?.(error as Error);
          await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** attempt, 5_000)));
          continue;
        }
        await storage.pool.end();
        throw error;
      }
    }
  }

  async epoch(): Promise<string> {
    try {
      this.knownEpoch = (await this.getMeta('epoch'))!;
    } catch (error) {
      if (!(error instanceof DatabaseUnavailableError) || !this.knownEpoch) throw error;
    }
    return this.knownEpoch;
  }

  async getMeta(key: string): Promise<string | undefined> {
    const { rows } = await this.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]);
    return rows[0]?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  async findAgent(id: string): Promise<AgentRecord | undefined> {
    const { rows } = await this.query<AgentRow>('SELECT * FROM agents WHERE id = $1', [id]);
    return rows[0] && toAgent(rows[0]);
  }

  async saveAgent(agent: NewAgentRecord): Promise<void> {
    await this.query(
      `INSERT INTO agents (id, name, team, role, password_hash, disabled) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, team = excluded.team, role = excluded.role,
         password_hash = excluded.password_hash, disabled = excluded.disabled,
         token_version = agents.token_version + CASE WHEN excluded.password_hash <> agents.password_hash OR (excluded.disabled AND NOT agents.disabled) OR excluded.team <> agents.team OR excluded.role <> agents.role THEN 1 ELSE 0 END`,
      [agent.id, agent.name, agent.team, agent.role, agent.passwordHash, agent.disabled],
    );
  }

  async listAgents(): Promise<AgentRecord[]> {
    const { rows } = await this.query<AgentRow>('SELECT * FROM agents ORDER BY id');
    return rows.map(toAgent);
  }

  async bumpTokenVersion(agentId: string): Promise<void> {
    await this.query('UPDATE agents SET token_version = token_version + 1 WHERE id = $1', [agentId]);
  }

  async tokenStates(agentIds: string[]): Promise<Map<string, TokenState>> {
    const { rows } = await this.query<AgentRow>('SELECT id, token_version, disabled FROM agents WHERE id = ANY($1::text[])', [agentIds]);
    return new Map(rows.map((row) => [row.id, toTokenState(row)]));
  }

  async saveRefreshToken(token: StoredRefreshToken): Promise<void> {
    await this.query(
      `WITH expired AS (DELETE FROM refresh_tokens WHERE agent_id = $3 AND expires_at < $5)
       INSERT INTO refresh_tokens (token_hash, family, agent_id, token_version, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [token.tokenHash, token.family, token.agentId, token.tokenVersion, token.issuedAt, token.expiresAt],
    );
  }

  async useRefreshToken(tokenHash: string, now: Date): Promise<RefreshUse> {
    // The UPDATE is the atomic step: of two requests with one token, only one sees used_at IS NULL.
    const used = await this.query<{ family: string; agent_id: string; token_version: number }>(
      `UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2
       RETURNING family, agent_id, token_version`,
      [tokenHash, now],
    );
    const fresh = used.rows[0];
    if (fresh) return { status: 'fresh', family: fresh.family, agentId: fresh.agent_id, tokenVersion: fresh.token_version };
    const { rows } = await this.query<{ family: string; agent_id: string }>(
      'SELECT family, agent_id FROM refresh_tokens WHERE token_hash = $1 AND used_at IS NOT NULL AND revoked_at IS NULL AND expires_at > $2',
      [tokenHash, now],
    );
    const row = rows[0];
    return row ? { status: 'reused', family: row.family, agentId: row.agent_id } : { status: 'invalid' };
  }

  async revokeRefreshFamily(family: string, now: Date): Promise<void> {
    await this.query('UPDATE refresh_tokens SET revoked_at = $2 WHERE family = $1 AND revoked_at IS NULL', [family, now]);
  }

  async revokeRefreshFamilyOf(tokenHash: string, now: Date): Promise<{ family: string; agentId: string } | undefined> {
    const { rows } = await this.query<{ family: string; agent_id: string }>(
      `UPDATE refresh_tokens SET revoked_at = $2 WHERE family = (SELECT family FROM refresh_tokens WHERE token_hash = $1) AND revoked_at IS NULL
       RETURNING family, agent_id`,
      [tokenHash, now],
    );
    return rows[0] && { family: rows[0].family, agentId: rows[0].agent_id };
  }

  async putDocuments(writes: DocumentWrite[]): Promise<void> {
    if (writes.length === 0) return;
    await this.writeTransaction(async (client) => {
      let seq = await this.reserveSeqs(client, writes.length);
      for (let start = 0; start < writes.length; start += 2000) {
        const chunk = writes.slice(start, start + 2000);
        await client.query(
          `INSERT INTO documents (collection, id, rev, deleted, data, field_meta, team, owner, seq)
           SELECT c, i, 1, d, x, NULL, t, o, s FROM unnest($1::text[], $2::text[], $3::boolean[], $4::text[], $5::text[], $6::text[], $7::bigint[]) AS u(c, i, d, x, t, o, s)
           ON CONFLICT (collection, id) DO UPDATE SET rev = documents.rev + 1, deleted = excluded.deleted, data = excluded.data,
             field_meta = NULL, team = excluded.team, owner = excluded.owner, seq = excluded.seq`,
          [
            chunk.map((w) => w.collection),
            chunk.map((w) => w.id),
            chunk.map((w) => w.deleted ?? false),
            chunk.map((w) => (w.deleted ? null : JSON.stringify(w.data))),
            chunk.map((w) => w.team ?? null),
            chunk.map((w) => w.owner ?? null),
            chunk.map(() => String(++seq)),
          ],
        );
      }
      if (this.notifyThroughDatabase) await notify(client, audienceOf(writes));
    });
    if (!this.notifyThroughDatabase) this.changes.emit('change', audienceOf(writes));
  }

  async getDocument(collection: Collection, id: string): Promise<Change | undefined> {
    const { rows } = await this.query<DocumentRow>('SELECT * FROM documents WHERE collection = $1 AND id = $2', [collection, id]);
    return rows[0] && toChange(rows[0]);
  }

  async countDocuments(collection: Collection): Promise<number> {
    const { rows } = await this.query<{ n: string }>('SELECT COUNT(*) AS n FROM documents WHERE collection = $1 AND NOT deleted', [collection]);
    return Number(rows[0]!.n);
  }

  async putAttachment(attachment: StoredAttachment): Promise<boolean> {
    const { rowCount } = await this.query(
      'INSERT INTO attachments (sha256, mime, size, data, team, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (sha256) DO NOTHING',
      [attachment.sha256, attachment.mime, attachment.data.length, attachment.data, attachment.team, attachment.uploadedBy],
    );
    return rowCount === 1;
  }

  async getAttachment(sha256: string): Promise<StoredAttachment | undefined> {
    const { rows } = await this.query<{ sha256: string; mime: string; data: Buffer; team: string; uploaded_by: string }>(
      'SELECT sha256, mime, data, team, uploaded_by FROM attachments WHERE sha256 = $1',
      [sha256],
    );
    const row = rows[0];
    return row && { sha256: row.sha256, mime: row.mime, data: row.data, team: row.team, uploadedBy: row.uploaded_by };
  }

  async attachmentReadableBy(viewer: Viewer, sha256: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `SELECT 1 FROM attachments WHERE sha256 = $1 AND uploaded_by = $2
       UNION ALL
       SELECT 1 FROM documents WHERE collection = 'tickets' AND NOT deleted AND strpos(data, $3) > 0
         AND (team IS NULL OR team = $4) AND (owner IS NULL OR owner = $2)
       LIMIT 1`,
      [sha256, viewer.agentId, `"sha256":"${sha256}"`, viewer.team],
    );
    return (rowCount ?? 0) > 0;
  }

  async listDocuments(collection: Collection): Promise<Change[]> {
    const { rows } = await this.query<DocumentRow>('SELECT * FROM documents WHERE collection = $1 AND NOT deleted ORDER BY id', [collection]);
    return rows.map(toChange);
  }

  async pull(viewer: Viewer, cursor: number, limit: number): Promise<PullPage> {
    return this.withClient(async (client) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const { rows } = await client.query<DocumentRow>(
          `SELECT collection, id, rev, deleted, data, seq FROM documents
           WHERE seq > $1 AND (team IS NULL OR team = $2) AND (owner IS NULL OR owner = $3) ORDER BY seq LIMIT $4`,
          [cursor, viewer.team, viewer.agentId, limit],
        );
        const hasMore = rows.length === limit;
        let next = hasMore ? Number(rows.at(-1)!.seq) : cursor;
        if (!hasMore) {
          const head = await client.query<{ seq: string }>('SELECT seq FROM log_head');
          next = Math.max(cursor, Number(head.rows[0]!.seq));
        }
        await client.query('COMMIT');
        return { changes: rows.map(toChange), cursor: next, hasMore };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    });
  }

  async applyMutations(context: PushContext, mutations: Mutation[], decide: MutationDecider): Promise<PushResult[]> {
    const plan = await this.writeTransaction(async (client) => {
      const applied = await client.query<{ mutation_id: string; rev: number }>(
        'SELECT mutation_id, rev FROM mutations WHERE mutation_id = ANY($1::text[])',
        [mutations.map((m) => m.mutationId)],
      );
      const existing = await client.query<DocumentRow>(
        `SELECT d.* FROM documents d JOIN unnest($1::text[], $2::text[]) AS k(c, i) ON d.collection = k.c AND d.id = k.i`,
        [mutations.map((m) => m.collection), mutations.map((m) => m.id)],
      );
      const current = new Map(existing.rows.map((row) => [documentKey(row.collection, row.id), toStored(row)]));
      const planned = planPush(mutations, new Map(applied.rows.map((row) => [row.mutation_id, row.rev])), current, decide);
      const writes = planned.writes;
      if (writes.length > 0) {
        let seq = await this.reserveSeqs(client, writes.length);
        await client.query(
          `INSERT INTO documents (collection, id, rev, deleted, data, field_meta, team, owner, seq)
           SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::boolean[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[])
           ON CONFLICT (collection, id) DO UPDATE SET rev = excluded.rev, deleted = excluded.deleted, data = excluded.data,
             field_meta = excluded.field_meta, team = excluded.team, owner = excluded.owner, seq = excluded.seq`,
          [
            writes.map((w) => w.collection),
            writes.map((w) => w.id),
            writes.map((w) => w.rev),
            writes.map((w) => w.deleted),
            writes.map((w) => (w.data === null ? null : JSON.stringify(w.data))),
            writes.map((w) => JSON.stringify(w.fieldMeta)),
            writes.map((w) => w.team),
            writes.map((w) => w.owner),
            writes.map(() => String(++seq)),
          ],
        );
        faultPoint('server.push.mid-transaction');
        if (this.notifyThroughDatabase) await notify(client, audienceOf(writes));
      }
      if (planned.applied.length > 0) {
        await client.query(
          `INSERT INTO mutations (mutation_id, client_id, agent_id, collection, entity_id, rev)
           SELECT m, $1, $2, c, i, r FROM unnest($3::text[], $4::text[], $5::text[], $6::integer[]) AS u(m, c, i, r)`,
          [
            context.clientId,
            context.agentId,
            planned.applied.map((a) => a.mutationId),
            planned.applied.map((a) => a.collection),
            planned.applied.map((a) => a.id),
            planned.applied.map((a) => a.rev),
          ],
        );
      }
      if (planned.reveals.length > 0) {
        const reveals = planned.reveals;
        await client.query(
          `INSERT INTO reveal_audit (event_id, ticket_id, field, reason, agent_id, agent_role, team, revealed_at, recorded_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[])
           ON CONFLICT (event_id) DO NOTHING`,
          [
            reveals.map((r) => r.eventId),
            reveals.map((r) => r.ticketId),
            reveals.map((r) => r.field),
            reveals.map((r) => r.reason),
            reveals.map((r) => r.agentId),
            reveals.map((r) => r.agentRole),
            reveals.map((r) => r.team),
            reveals.map((r) => r.revealedAt),
            reveals.map((r) => r.recordedAt),
          ],
        );
      }
      return planned;
    });
    if (!this.notifyThroughDatabase && plan.writes.length > 0) this.changes.emit('change', audienceOf(plan.writes));
    return plan.results;
  }

  async listReveals(query: RevealQuery): Promise<RevealRecord[]> {
    const { rows } = await this.query(
      `SELECT ${REVEAL_COLUMNS} FROM reveal_audit
       WHERE ($1::text IS NULL OR team = $1) AND ($2::text IS NULL OR agent_id = $2) AND ($3::timestamptz IS NULL OR recorded_at >= $3)
       ORDER BY recorded_at DESC, event_id DESC LIMIT $4`,
      [query.team ?? null, query.agentId ?? null, query.since ?? null, query.limit],
    );
    return rows.map(toReveal);
  }

  async countAppliedMutations(): Promise<number> {
    const { rows } = await this.query<{ n: string }>('SELECT COUNT(*) AS n FROM mutations');
    return Number(rows[0]!.n);
  }

  onChange(listener: (audience: ChangeAudience) => void): () => void {
    this.changes.on('change', listener);
    if (this.notifyThroughDatabase) void this.listen();
    return () => this.changes.off('change', listener);
  }

  async isReady(): Promise<boolean> {
    try {
      await this.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.listener?.end().catch(() => {});
    await this.pool.end();
  }

  /** NOTIFY is delivered on commit to every process (including this one) listening on the database. */
  private async listen(): Promise<void> {
    if (this.listener || this.closed) return;
    const client = new pg.Client({ connectionString: this.url });
    this.listener = client;
    client.on('notification', (message) => {
      try {
        this.changes.emit('change', message.payload ? (JSON.parse(message.payload) as ChangeAudience) : EVERYONE);
      } catch {
        this.changes.emit('change', EVERYONE);
      }
    });
    client.on('error', () => {
      // Lost the listening connection: reconnect, and poke everyone in case a change slipped by.
      this.listener = undefined;
      void client.end().catch(() => {});
      if (!this.closed) setTimeout(() => void this.listen().then(() => this.changes.emit('change', EVERYONE)), 1_000).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch {
      client.emit('error', new Error('listen failed'));
    }
  }

  private async reserveSeqs(client: pg.PoolClient, count: number): Promise<number> {
    const { rows } = await client.query<{ seq: string }>('UPDATE log_head SET seq = seq + $1 RETURNING seq', [count]);
    return Number(rows[0]!.seq) - count; // the last seq before this transaction's range
  }

  /** A transaction holding the one write lock (see the class comment). */
  private async writeTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    });
  }

  private async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw unavailableOr(error);
    }
    let broken: Error | undefined;
    try {
      return await work(client);
    } catch (error) {
      if (isConnectionError(error)) broken = error as Error;
      throw unavailableOr(error);
    } finally {
      client.release(broken); // a broken connection is destroyed, not handed to the next request
    }
  }

  private async query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(sql, values);
    } catch (error) {
      throw unavailableOr(error);
    }
  }
}

const unavailableOr = (error: unknown) => (isConnectionError(error) ? new DatabaseUnavailableError(error) : error);

/** The database's name for messages: never the URL, which may carry a password. */
const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';

async function notify(client: pg.PoolClient, audience: ChangeAudience): Promise<void> {
  const payload = JSON.stringify(audience);
  await client.query('SELECT pg_notify($1, $2)', [CHANNEL, payload.length < 7_000 ? payload : JSON.stringify(EVERYONE)]);
}

const toChange = (row: Pick<DocumentRow, 'collection' | 'id' | 'rev' | 'deleted' | 'data'>): Change => ({
  collection: row.collection as Collection,
  id: row.id,
  rev: row.rev,
  deleted: row.deleted,
  data: row.data === null ? null : JSON.parse(row.data),
});

const toStored = (row: DocumentRow): StoredDocument => ({
  collection: row.collection as Collection,
  id: row.id,
  rev: row.rev,
  deleted: row.deleted,
  data: row.data === null ? null : (JSON.parse(row.data) as Record<string, unknown>),
  fieldMeta: row.field_meta ? JSON.parse(row.field_meta) : {},
  team: row.team,
  owner: row.owner,
});
