import Database from 'better-sqlite3';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation, PushResult } from '../../../src-shared/sync/protocol.js';
import type { TicketDocument, TicketEvent } from '../../../src-shared/tickets/ticket.js';
import { startCentralApi, type CentralApi } from '../../support/processes.js';
import { useScratchWithPostgres } from '../../support/postgres.js';
import { seedAgentsOn } from '../../support/seed-agents.js';
import { createTicketMutation, noteEvent, ticketDocument } from '../../support/ticket-documents.js';

// The central API is the authority over tickets: with real tokens against a real API process, on
// SQLite and on PostgreSQL, every move the workflow does not allow the pusher is refused with a
// stable code and a reason in both languages, and the stored row is left byte for byte as it was
// (read straight from the database, not through the API).

const scratch = useScratchWithPostgres('hotline-authority-');

/** Announces a body of this size and waits for the answer the server gives from its declared length alone. */
function postEarlyAnswered(url: string, token: string, body: string): Promise<{ status: number; body: unknown }> {
  // Writing the body too races the server hanging up on it: a reset before the answer is read.
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => {
        resolve({ status: response.statusCode!, body: JSON.parse(text) });
        request.destroy();
      });
    });
    request.on('error', (error) => (['EPIPE', 'ECONNRESET'].includes((error as NodeJS.ErrnoException).code ?? '') ? undefined : reject(error)));
    request.flushHeaders();
  });
}

/** The stored row exactly as the database holds it: every column, as text. */
type RawRow = (id: string) => Promise<string | undefined>;

const sqliteRaw = (file: string): RawRow => async (id) => {
  const db = new Database(file, { readonly: true });
  try {
    const row = db.prepare(`SELECT rev, deleted, data, field_meta, team, owner, seq FROM documents WHERE collection = 'tickets' AND id = ?`).get(id);
    return row === undefined ? undefined : JSON.stringify(row);
  } finally {
    db.close();
  }
};

const postgresRaw = (url: string): RawRow => async (id) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT rev, deleted, data, field_meta, team, owner, seq::text FROM documents WHERE collection = 'tickets' AND id = $1`, [id]);
    return rows[0] === undefined ? undefined : JSON.stringify(rows[0]);
  } finally {
    await client.end();
  }
};

describe.each([
  ['SQLite', () => { const file = path.join(scratch.dir, `central-${uuidv7()}.db`); return { db: file, raw: sqliteRaw(file) }; }],
  ['PostgreSQL', () => { const url = scratch.postgres.createDatabase(`authority_${Date.now()}_${Math.floor(Math.random() * 1e6)}`); return { db: url, raw: postgresRaw(url) }; }],
])('the central API on %s', (_name, open) => {
  let api: CentralApi;
  let raw: RawRow;
  beforeAll(async () => {
    const opened = open();
    raw = opened.raw;
    api = await startCentralApi(opened.db, 0, { HOTLINE_RATE_LIMIT: 'off' });
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
  });

  const { tokenOf, send, push } = seedAgentsOn(() => api.url, 'ws-authority-');

  async function pulled(agentId: string, id: string): Promise<{ rev: number; data: TicketDocument }> {
    const response = await fetch(`${api.url}/v1/sync/pull?cursor=0&limit=5000`, { headers: { authorization: `Bearer ${await tokenOf(agentId)}` } });
    const page = (await response.json()) as { changes: { id: string; rev: number; data: TicketDocument }[] };
    return page.changes.find((change) => change.id === id)!;
  }

  const update = (id: string, baseRev: number, patch: Record<string, unknown>): Mutation => ({ mutationId: uuidv7(), collection: 'tickets', id, baseRev, op: 'update', patch });
  const append = (id: string, events: TicketEvent[]): Mutation => ({ mutationId: uuidv7(), collection: 'tickets', id, baseRev: null, op: 'append', patch: { events } });

  /** A ticket 张敏 (1001, 宽带一组) submitted, as the workstation pushes it. */
  async function submitted(): Promise<string> {
    const doc = ticketDocument();
    expect(await push('1001', createTicketMutation(doc))).toMatchObject([{ status: 'applied', rev: 1 }]);
    return doc.id;
  }

  /** Pushes and expects a refusal with this code and both reasons, and the stored row untouched. */
  async function expectRefused(id: string, agentId: string, mutation: Mutation, code: string): Promise<PushResult> {
    const before = await raw(id);
    const [result] = await push(agentId, mutation);
    expect(result).toMatchObject({ status: 'rejected', error: { code, localized: { zh: expect.any(String), en: expect.any(String) } } });
    expect(await raw(id)).toBe(before);
    return result!;
  }

  it('refuses a status move the role may not make (an agent closing a submitted ticket)', async () => {
    const id = await submitted();
    const result = await expectRefused(id, '1001', update(id, 1, { status: 'closed', closedAt: new Date().toISOString() }), 'STATUS_NOT_ALLOWED');
    expect(result.error!.localized!.zh).toBe('你的角色不能把工单从「已提交」改为「已关闭」');
    // Resolving it is the agent's own move; closing the resolved ticket is the team lead's.
    expect(await push('1001', update(id, 1, { status: 'resolved', resolvedAt: new Date().toISOString() }))).toMatchObject([{ status: 'applied', rev: 2 }]);
    await expectRefused(id, '1001', update(id, 2, { status: 'closed', closedAt: new Date().toISOString() }), 'STATUS_NOT_ALLOWED');
    expect(await push('2001', update(id, 2, { status: 'closed', closedAt: new Date().toISOString() }))).toMatchObject([{ status: 'applied', rev: 3 }]);
  });

  it('refuses a create or update that touches the history; appends keep the token’s actor and the centre’s time, once per event id', async () => {
    const id = await submitted();
    await expectRefused(id, '1001', update(id, 1, { events: [] }), 'EVENTS_APPEND_ONLY');
    const withHistory = ticketDocument();
    const [created] = await push('1001', { ...createTicketMutation(withHistory), patch: { ...withHistory, events: [noteEvent('伪造的历史')] } });
    expect(created).toMatchObject({ status: 'rejected', error: { code: 'EVENTS_APPEND_ONLY' } });
    expect(await raw(withHistory.id)).toBeUndefined();

    const note = { ...noteEvent('已联系客户'), actorName: '随便写的名字', at: '2026-01-01T00:00:00.000Z' };
    const sent = Date.now();
    expect(await push('1001', append(id, [note]))).toMatchObject([{ status: 'applied', rev: 2 }]);
    expect(await push('1001', append(id, [note]))).toMatchObject([{ status: 'applied', rev: 2 }]); // the same event again: nothing added
    const { data } = await pulled('1002', id);
    expect(data.events).toHaveLength(1);
    expect(data.events[0]).toMatchObject({ id: note.id, actor: '1001', actorName: '张敏', actorRole: 'agent', recordedAt: '2026-01-01T00:00:00.000Z' });
    expect(Date.parse(data.events[0]!.at)).toBeGreaterThanOrEqual(sent - 1000);
  });

  it('refuses an event signed as someone else (an agent writing as the team lead)', async () => {
    const id = await submitted();
    const forged = { ...noteEvent('班组长已同意'), actor: '2001', actorName: '李强', actorRole: 'teamlead' as const };
    const result = await expectRefused(id, '1001', append(id, [forged]), 'FORGED_ACTOR');
    expect(result.serverValue).toMatchObject({ id });
    expect((result.serverValue as { events?: unknown[] }).events ?? []).toEqual([]);
    await expectRefused(id, '1001', append(id, [{ ...noteEvent('角色不符'), actorRole: 'teamlead' }]), 'FORGED_ACTOR');
  });

  it('refuses handing the first-contact owner or team to someone else, and a create claiming another agent', async () => {
    const id = await submitted();
    await expectRefused(id, '1001', update(id, 1, { owner: { id: '1002', name: '刘洋', team: '宽带一组' } }), 'IMMUTABLE_FIELD');
    await expectRefused(id, '1001', update(id, 1, { team: '移动二组' }), 'IMMUTABLE_FIELD');
    await expectRefused(id, '1001', update(id, 1, { submittedAt: '2020-01-01T00:00:00.000Z' }), 'IMMUTABLE_FIELD');
    const claimed = ticketDocument(undefined, { owner: { id: '1003', name: '陈静', team: '移动二组' }, team: '移动二组' });
    const [result] = await push('1001', createTicketMutation(claimed));
    expect(result).toMatchObject({ status: 'rejected', error: { code: 'OWNER_NOT_PUSHER' } });
    expect(await raw(claimed.id)).toBeUndefined();
    // A transfer changes who handles it, never the owner.
    expect(await push('1001', update(id, 1, { assignee: { team: '宽带二组', agentId: null, name: null } }))).toMatchObject([{ status: 'applied', rev: 2 }]);
    expect((await pulled('1002', id)).data).toMatchObject({ owner: { id: '1001' }, team: '宽带一组', assignee: { team: '宽带二组' } });
  });

  it('refuses an agent deleting a team ticket', async () => {
    const id = await submitted();
    await expectRefused(id, '1002', { mutationId: uuidv7(), collection: 'tickets', id, baseRev: 1, op: 'delete', patch: {} }, 'DELETE_NOT_ALLOWED');
  });

  it('refuses tickets and calls from a trainer’s token (training never syncs)', async () => {
    const doc = ticketDocument(undefined, { owner: { id: '3001', name: '王芳', team: '培训组' }, team: '培训组', assignee: { team: '培训组', agentId: '3001', name: '王芳' } });
    const [ticket, call] = await push('3001', createTicketMutation(doc), {
      mutationId: uuidv7(),
      collection: 'calls',
      id: 'training-call-1',
      baseRev: null,
      op: 'create',
      patch: { id: 'training-call-1', number: '13800000000' },
    });
    expect(ticket).toMatchObject({ status: 'rejected', error: { code: 'TRAINING_NEVER_SYNCS' } });
    expect(call).toMatchObject({ status: 'rejected', error: { code: 'TRAINING_NEVER_SYNCS' } });
    expect(await raw(doc.id)).toBeUndefined();
  });

  it('merges two agents’ edits of different form fields from the same revision; the same field is one conflict for the later pusher', async () => {
    const id = await submitted();
    const [zhang, liu] = await Promise.all([
      push('1001', update(id, 1, { 'fields.description': '客户补充：整栋楼都断网', updatedAt: '2020-01-01T00:00:00.000Z' })),
      push('1002', update(id, 1, { 'fields.answer': '已派单给装维，约定今天下午上门' })),
    ]);
    expect([zhang[0]!.status, liu[0]!.status]).toEqual(['applied', 'applied']);
    const merged = await pulled('1001', id);
    expect(merged.rev).toBe(3);
    expect(merged.data.fields).toMatchObject({ description: '客户补充：整栋楼都断网', answer: '已派单给装维，约定今天下午上门' });
    expect(Date.parse(merged.data.updatedAt)).toBeGreaterThan(Date.parse('2025-01-01')); // the server's stamp, not the client's

    expect(await push('1001', update(id, 3, { 'fields.description': '张敏的说法' }))).toMatchObject([{ status: 'applied', rev: 4 }]);
    const before = await raw(id);
    const [late] = await push('1002', update(id, 3, { 'fields.description': '刘洋的说法' }));
    expect(late).toMatchObject({ status: 'conflict', rev: 4, conflictFields: ['fields.description'], serverValue: { fields: { description: '张敏的说法' } } });
    expect(await raw(id)).toBe(before);
  });

  it('answers 400 to a body nested thousands deep and 413 to an oversized one, never 500', async () => {
    const deep = `{"clientId":"ws-authority-deep","mutations":[{"mutationId":"${uuidv7()}","collection":"tickets","id":"x","baseRev":null,"op":"create","patch":{"a":${'['.repeat(4000)}${']'.repeat(4000)}}}]}`;
    const response = await send('1001', deep);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'TOO_DEEP' });
    const huge = await postEarlyAnswered(`${api.url}/v1/sync/push`, await tokenOf('1001'), JSON.stringify({ clientId: 'ws-authority-huge', mutations: [], pad: 'x'.repeat(6 * 1024 * 1024) }));
    expect(huge).toMatchObject({ status: 413, body: { code: 'TOO_LARGE' } });
    const login = await fetch(`${api.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '['.repeat(5000) });
    expect(login.status).toBe(400);
  });
});
