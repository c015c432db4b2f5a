import Database from 'better-sqlite3';
import path from 'node:path';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '../../../src-shared/sync/protocol.js';
import type { TicketEvent } from '../../../src-shared/tickets/ticket.js';
import { runAdmin } from '../../support/admin-cli.js';
import { startCentralApi, type CentralApi } from '../../support/processes.js';
import { useScratchWithPostgres } from '../../support/postgres.js';
import { queryServerDb } from '../../support/server-db.js';
import { seedAgentsOn } from '../../support/seed-agents.js';
import { createTicketMutation, ticketDocument } from '../../support/ticket-documents.js';

// The centre's reveal audit (issue 15), with real tokens against a real API process on SQLite and
// PostgreSQL: a `revealed` event an agent pushes becomes a row of reveal_audit carrying the
// token's agent, role and team; the table refuses UPDATE and DELETE in the database itself (tried
// with plain SQL as the table's owner, behind the API's back); team leads read only their team's,
// admins everyone's, agents and trainers nothing; the admin CLI prints the same rows.

const scratch = useScratchWithPostgres('hotline-reveal-audit-');

const ZHANG = { id: '1001', name: '张敏', team: '宽带一组', role: 'agent' as const };
const WANG = { id: '1003', name: '王芳', team: '移动二组', role: 'agent' as const };
type Writer = typeof ZHANG | typeof WANG;

/** Plain SQL straight into the central database, as its owner (no API in between). */
async function rawExec(db: string, sql: string): Promise<void> {
  if (!db.startsWith('postgres')) {
    const handle = new Database(db);
    try {
      handle.exec(sql);
    } finally {
      handle.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe.each([
  ['SQLite', () => path.join(scratch.dir, `central-${uuidv7()}.db`)],
  ['PostgreSQL', () => scratch.postgres.createDatabase(`reveal_${Date.now()}_${Math.floor(Math.random() * 1e6)}`)],
])('the reveal audit on %s', (_name, open) => {
  let api: CentralApi;
  let db: string;
  beforeAll(async () => {
    db = open();
    api = await startCentralApi(db, 0, { HOTLINE_RATE_LIMIT: 'off' });
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
  });

  const { tokenOf, push: pushAs } = seedAgentsOn(() => api.url, 'ws-reveal-');
  const push = (writer: Writer, ...mutations: Mutation[]) => pushAs(writer.id, ...mutations);

  async function ticketOf(writer: Writer): Promise<string> {
    const doc = ticketDocument(uuidv7(), { owner: { id: writer.id, name: writer.name, team: writer.team }, team: writer.team, assignee: { team: writer.team, agentId: writer.id, name: writer.name } });
    expect(await push(writer, createTicketMutation(doc))).toMatchObject([{ status: 'applied' }]);
    return doc.id;
  }

  /** The event the workstation writes when the agent reveals a field (tickets/ticket-commands.ts revealValue). */
  const revealed = (writer: Writer, field: string, reason: string, recordedAt: string): TicketEvent => ({
    id: uuidv7(),
    kind: 'revealed',
    at: recordedAt,
    recordedAt,
    actor: writer.id,
    actorName: writer.name,
    actorRole: writer.role,
    field,
    reason,
  });
  const append = (ticketId: string, event: TicketEvent): Mutation => ({ mutationId: uuidv7(), collection: 'tickets', id: ticketId, baseRev: null, op: 'append', patch: { events: [event] } });

  const auditRows = (where = '') =>
    queryServerDb(db, `SELECT event_id, ticket_id, field, reason, agent_id, agent_role, team FROM reveal_audit ${where} ORDER BY event_id`);

  const read = async (agentId: string, query = '') => {
    const response = await fetch(`${api.url}/v1/audit/reveals${query}`, { headers: { authorization: `Bearer ${await tokenOf(agentId)}` } });
    return { status: response.status, body: (await response.json()) as { reveals?: { eventId: string; team: string; agentId: string; revealedAt: string }[]; code?: string } };
  };

  let zhangEvent: TicketEvent;
  let wangEvent: TicketEvent;
  let zhangTicket: string;

  it('records a pushed reveal once, as the token’s agent, role and team, with the agent’s own time kept', async () => {
    zhangTicket = await ticketOf(ZHANG);
    const offlineAt = '2026-12-01T08:15:00.000Z'; // revealed offline two days before it synced
    zhangEvent = revealed(ZHANG, 'customerPhone', '客户要求核对回访号码', offlineAt);
    expect(await push(ZHANG, append(zhangTicket, zhangEvent))).toMatchObject([{ status: 'applied' }]);
    // The workstation retries the same event under a new mutation (an answer lost on the way back).
    expect(await push(ZHANG, append(zhangTicket, zhangEvent))).toMatchObject([{ status: 'applied' }]);
    expect(await auditRows()).toEqual([
      { event_id: zhangEvent.id, ticket_id: zhangTicket, field: 'customerPhone', reason: '客户要求核对回访号码', agent_id: '1001', agent_role: 'agent', team: '宽带一组' },
    ]);
    const [times] = await queryServerDb(db, `SELECT revealed_at, recorded_at FROM reveal_audit WHERE event_id = '${zhangEvent.id}'`);
    expect(new Date(times!.revealed_at as string).toISOString()).toBe(offlineAt);
    expect(Date.now() - new Date(times!.recorded_at as string).getTime()).toBeLessThan(10 * 60_000);

    wangEvent = revealed(WANG, 'customerPhone', '核实机主身份', new Date().toISOString());
    expect(await push(WANG, append(await ticketOf(WANG), wangEvent))).toMatchObject([{ status: 'applied' }]);
    expect(await auditRows()).toHaveLength(2);
  });

  it('refuses a reveal with no field or no reason, and records nothing', async () => {
    const before = await auditRows();
    const silent = revealed(ZHANG, 'customerPhone', '   ', new Date().toISOString());
    const [result] = await push(ZHANG, append(zhangTicket, silent));
    expect(result).toMatchObject({ status: 'rejected', error: { code: 'REVEAL_UNEXPLAINED', localized: { zh: expect.stringContaining('原因'), en: expect.stringContaining('reason') } } });
    const { field: _field, ...noField } = revealed(ZHANG, 'customerPhone', '核对', new Date().toISOString());
    expect((await push(ZHANG, append(zhangTicket, noField as TicketEvent)))[0]).toMatchObject({ status: 'rejected', error: { code: 'REVEAL_UNEXPLAINED' } });
    expect(await auditRows()).toEqual(before);
  });

  it('cannot be rewritten or erased, even by plain SQL as the table’s owner', async () => {
    const before = await auditRows();
    await expect(rawExec(db, `UPDATE reveal_audit SET reason = '无' WHERE event_id = '${zhangEvent.id}'`)).rejects.toThrow(/append-only/);
    await expect(rawExec(db, `DELETE FROM reveal_audit`)).rejects.toThrow(/append-only/);
    if (db.startsWith('postgres')) await expect(rawExec(db, `TRUNCATE reveal_audit`)).rejects.toThrow(/append-only/);
    expect(await auditRows()).toEqual(before);
  });

  it('is read by team leads for their own team only, by admins for everyone, by agents and trainers not at all', async () => {
    expect((await read('1001')).status).toBe(403);
    expect((await read('3001')).status).toBe(403);

    const lead = await read('2001', `?team=${encodeURIComponent('移动二组')}`); // 宽带一组's lead asking for another team
    expect(lead.status).toBe(200);
    expect(lead.body.reveals!.map((r) => r.eventId)).toEqual([zhangEvent.id]);
    expect(lead.body.reveals![0]).toMatchObject({ agentId: '1001', team: '宽带一组', revealedAt: '2026-12-01T08:15:00.000Z' });

    const all = await read('9001');
    expect(all.body.reveals!.map((r) => r.eventId).sort()).toEqual([zhangEvent.id, wangEvent.id].sort());
    expect((await read('9001', `?team=${encodeURIComponent('移动二组')}`)).body.reveals!.map((r) => r.eventId)).toEqual([wangEvent.id]);
    expect((await read('9001', '?agentId=1001')).body.reveals!.map((r) => r.eventId)).toEqual([zhangEvent.id]);
    expect((await read('9001', `?since=${new Date(Date.now() + 60_000).toISOString()}`)).body.reveals).toEqual([]);

    for (const bad of ['?limit=0', '?limit=many', '?since=yesterday', '?who=1001']) {
      const answer = await read('9001', bad);
      expect(answer.status, bad).toBe(400);
      expect(answer.body.code, bad).toBe('VALIDATION');
    }
  });

  it('is printed by the admin CLI, newest first, one line a reveal', async () => {
    const { stdout } = await runAdmin('audit', 'reveals', '--db', db, '--team', '宽带一组');
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('recordedAt\trevealedAt\tagent\trole\tteam\tticket\tfield\treason');
    expect(lines.slice(1).map((line) => line.split('\t').slice(2))).toEqual([['1001', 'agent', '宽带一组', zhangTicket, 'customerPhone', '客户要求核对回访号码']]);
    await expect(runAdmin('audit', 'reveals', '--db', db, '--since', 'yesterday')).rejects.toThrow(/--since/);
  }, 200_000);
});
