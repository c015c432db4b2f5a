import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tickets from '../../../src-main/services/tickets/index.js';
import { startCentralApi, type CentralApi } from '../../support/processes.js';
import { startPostgres, type ThrowawayPostgres } from '../../support/postgres.js';
import { INQUIRY_VALUES } from '../../support/ticket-documents.js';
import { openTicketWorkstation, type TicketWorkstation } from '../../support/ticket-workstation.js';

// PostgreSQL restarts (a failover looks the same to the API) while real workstations write
// tickets through two API processes. The ground truth is the ids each workstation's own ticket
// service handed out, and the rows read straight from PostgreSQL at the end.

let dir: string;
let postgres: ThrowawayPostgres;
let db: string;
let apis: CentralApi[] = [];
const benches: TicketWorkstation[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-pg-restart-'));
  postgres = await startPostgres({ durableCommits: true });
  db = postgres.createDatabase('restart');
  apis = await Promise.all([0, 1].map(() => startCentralApi(db, 0, { HOTLINE_RATE_LIMIT: 'off' })));
}, 120_000);
afterAll(async () => {
  await Promise.all(benches.map((bench) => bench.close()));
  await Promise.all(apis.map((api) => api.stop()));
  postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const alive = (api: CentralApi) => api.child.exitCode === null && api.child.signalCode === null;

async function readyStatus(api: CentralApi): Promise<number> {
  try {
    return (await fetch(`${api.url}/v1/ready`, { signal: AbortSignal.timeout(5_000) })).status;
  } catch {
    return 0; // no answer at all: the process is gone or hung
  }
}

/** Milliseconds until every API process reports ready again. */
async function recovery(): Promise<number> {
  const started = performance.now();
  for (const api of apis) {
    while ((await readyStatus(api)) !== 200) {
      if (!alive(api)) throw new Error(`an API process exited while PostgreSQL restarted:\n${api.output().slice(-2000)}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return Math.round(performance.now() - started);
}

async function serverTickets(): Promise<{ id: string; team: string; submitted: number }[]> {
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; team: string; data: string }>(`SELECT id, team, data FROM documents WHERE collection = 'tickets'`);
    return rows.map((row) => ({ id: row.id, team: row.team, submitted: (JSON.parse(row.data) as { events: { kind: string }[] }).events.filter((e) => e.kind === 'submitted').length }));
  } finally {
    await client.end();
  }
}

describe('the central API on PostgreSQL survives its database', () => {
  it('restarts (-m fast, -m immediate) and an outage under write load: no API process exits, no acknowledged write is lost, workstations converge', async () => {
    const seats: [string, number][] = [['1001', 0], ['1002', 1], ['1001', 1], ['1003', 0]];
    for (const [index, [agent, api]] of seats.entries()) {
      const bench = await openTicketWorkstation(mkdtempSync(path.join(dir, `seat-${index}-`)), apis[api]!.url, agent);
      benches.push(bench);
      expect((await bench.sync.syncNow()).pending).toBe(0); // the seed forms arrived
    }

    const created: string[][] = benches.map(() => []);
    let writing = true;
    const writers = benches.map(async (bench, index) => {
      while (writing) {
        const draft = tickets.createDraft(bench.ctx, 'inquiry');
        tickets.saveDraft(bench.db, draft.id, { ...draft.values, ...INQUIRY_VALUES } as never, null, new Date());
        created[index]!.push(tickets.submitDraft(bench.ctx, draft.id)); // on disk with its outbox entry
        await bench.sync.syncNow(); // offline during the outage: the write stays queued
      }
    });

    // Every answer any API gives during all this: 200 or 503 with Retry-After, never a 500.
    const answers: { status: number; retryAfter: string | null }[] = [];
    const login = await fetch(`${apis[0]!.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agentId: '1002', password: 'hotline1002' }) });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    let probing = true;
    const prober = (async () => {
      while (probing) {
        for (const api of apis) {
          const response = await fetch(`${api.url}/v1/sync/pull?cursor=0&limit=1`, { headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
          answers.push(response ? { status: response.status, retryAfter: response.headers.get('retry-after') } : { status: 0, retryAfter: null });
        }
      }
    })();

    const writesAfter = async (count: number) => {
      const target = (await serverTickets()).length + count;
      while ((await serverTickets()).length < target) await new Promise((resolve) => setTimeout(resolve, 50));
    };
    const recoveries: Record<string, number> = {};
    await writesAfter(8);
    postgres.restart('fast');
    recoveries['restart -m fast'] = await recovery();
    await writesAfter(8);
    postgres.restart('immediate');
    recoveries['restart -m immediate'] = await recovery();
    await writesAfter(8);

    postgres.halt('fast');
    // While it is down: not ready, and requests are told to come back.
    for (const api of apis) expect(await readyStatus(api)).toBe(503);
    const during = await fetch(`${apis[1]!.url}/v1/sync/pull?cursor=0`, { headers: { authorization: `Bearer ${token}` } });
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('2');
    expect(await during.json()).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('中央数据库暂时不可用') });
    postgres.start();
    recoveries['down, then started'] = await recovery();
    await writesAfter(8);

    writing = false;
    probing = false;
    await Promise.all([...writers, prober]);
    console.log(`PostgreSQL restart under load: ready again on both API processes after ${JSON.stringify(recoveries)} ms`);

    expect(apis.every(alive)).toBe(true);
    for (const api of apis) expect(api.output()).not.toMatch(/Unhandled|Connection terminated unexpectedly\n\s+at/);
    expect(answers.filter((answer) => answer.status !== 200 && !(answer.status === 503 && answer.retryAfter === '2'))).toEqual([]);
    expect(answers.some((answer) => answer.status === 503)).toBe(true);

    // Queued writes go out once the database is back; then every workstation holds what the server has for it.
    for (const bench of benches) {
      let status = await bench.sync.syncNow();
      for (let attempt = 0; status.pending > 0 && attempt < 20; attempt++) status = await bench.sync.syncNow();
      expect(status.pending).toBe(0);
    }
    const onServer = await serverTickets();
    const everyWrite = created.flat();
    expect(onServer.map((row) => row.id).sort()).toEqual([...everyWrite].sort());
    expect(onServer.every((row) => row.submitted === 1)).toBe(true); // no push applied twice
    for (const [index, bench] of benches.entries()) {
      await bench.sync.syncNow();
      const team = bench.ctx.actor.team;
      const local = (bench.db.prepare('SELECT id FROM tickets').pluck().all() as string[]).sort();
      expect(local).toEqual(onServer.filter((row) => row.team === team).map((row) => row.id).sort());
      expect(local).toEqual(expect.arrayContaining(created[index]!));
    }
  }, 240_000);
});
