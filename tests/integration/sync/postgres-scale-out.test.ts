import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../../src-server/start.js';
import { startPostgres, type ThrowawayPostgres } from '../../support/postgres.js';
import { startTs, type StartedProcess } from '../../support/processes.js';
import { appendNoteMutation, createTicketMutation, SEED_AGENTS, ticketDocument, ticketDocumentBy, ticketId } from '../../support/ticket-documents.js';

interface CentralApi extends StartedProcess {
  url: string;
}

/** An API process with rate limits off: this test is its own load generator. */
async function startCentralApi(database: string): Promise<CentralApi> {
  const started = await startTs('src-server/main.ts', ['--db', database, '--port', '0'], { ready: /listening on (http:\/\/127\.0\.0\.1:\d+)/, env: { LOG_LEVEL: 'warn', HOTLINE_RATE_LIMIT: 'off' }, timeoutMs: 60_000 });
  return { ...started, url: started.match[1]! };
}

// Gap-free cursors, proven where they are hard: many pushers on two API processes sharing one
// PostgreSQL, commits overlapping all the time, pullers reading through both processes with
// small pages the whole time. At the end every puller holds exactly the server's state.

let postgres: ThrowawayPostgres;
let apis: CentralApi[] = [];
let db: string;

beforeAll(async () => {
  postgres = await startPostgres();
  db = postgres.createDatabase('scale_out');
  apis = [await startCentralApi(db)];
  apis.push(await startCentralApi(db));
}, 120_000);
afterAll(async () => {
  await Promise.all(apis.map((api) => api.stop()));
  postgres?.stop();
});

async function login(api: CentralApi, agentId: string): Promise<string> {
  const response = await fetch(`${api.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agentId, password: `hotline${agentId}` }) });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

describe('two API processes on one PostgreSQL', () => {
  it('no puller ever misses a change while many pushers commit concurrently through both processes', async () => {
    const agents = ['1001', '1002']; // same team: both see every ticket
    const tokens = await Promise.all(apis.flatMap((api) => agents.map((agent) => login(api, agent))));
    const PUSHERS = 12;
    const ROUNDS = 15;
    let pushing = true;
    // A few shared tickets everyone adds notes to: hot rows, overlapping transactions.
    const HOT = [0, 1, 2].map((k) => ticketId(99, k));
    const push = (api: CentralApi, token: string, clientId: string, mutations: unknown[]) =>
      fetch(`${api.url}/v1/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ clientId, mutations }) });
    expect((await push(apis[0]!, tokens[0]!, 'ws-hot-tickets', HOT.map((id) => createTicketMutation(ticketDocument(id))))).status).toBe(200);

    const pullers = Array.from({ length: 6 }, async (_, p) => {
      const api = apis[p % 2]!;
      const token = tokens[(p % 2) * 2 + (p % 2)]!;
      const state = new Map<string, { rev: number; data: unknown }>();
      let cursor = 0;
      const pullOnce = async () => {
        for (;;) {
          const response = await fetch(`${api.url}/v1/sync/pull?cursor=${cursor}&limit=${3 + p}`, { headers: { authorization: `Bearer ${token}` } });
          const page = (await response.json()) as { changes: { collection: string; id: string; rev: number; data: unknown }[]; cursor: number; hasMore: boolean };
          for (const change of page.changes) if (change.collection === 'tickets') state.set(change.id, { rev: change.rev, data: change.data });
          cursor = page.cursor;
          if (!page.hasMore) return;
        }
      };
      while (pushing) await pullOnce();
      await pullOnce();
      return state;
    });

    await Promise.all(
      Array.from({ length: PUSHERS }, async (_, n) => {
        const api = apis[n % 2]!;
        const agent = n % 4 < 2 ? 0 : 1;
        const token = tokens[(n % 2) * 2 + agent]!;
        const writer = SEED_AGENTS[agents[agent] as '1001' | '1002'];
        for (let round = 0; round < ROUNDS; round++) {
          const mutations = [createTicketMutation(ticketDocumentBy(writer, ticketId(n, round))), appendNoteMutation(HOT[round % 3]!, `第${round}轮 来自${n}号`, writer)];
          const response = await push(api, token, `ws-pusher-${n}`, mutations);
          expect(response.status).toBe(200);
          // Valid tickets and notes: the server's ticket check accepts every one.
          const { results } = (await response.json()) as { results: { status: string }[] };
          expect(results.map((result) => result.status)).toEqual(mutations.map(() => 'applied'));
        }
      }),
    );
    pushing = false;
    const states = await Promise.all(pullers);

    const storage = await openStorage(db);
    try {
      expect(await storage.countDocuments('tickets')).toBe(PUSHERS * ROUNDS + HOT.length);
      const server = new Map<string, { rev: number; data: unknown }>();
      const ids = [...HOT, ...Array.from({ length: PUSHERS }, (_, n) => Array.from({ length: ROUNDS }, (_, round) => ticketId(n, round))).flat()];
      for (const id of ids) {
        const doc = (await storage.getDocument('tickets', id))!;
        server.set(doc.id, { rev: doc.rev, data: doc.data });
      }
      // Every note on the hot tickets arrived exactly once.
      const notes = HOT.map((id) => (server.get(id)!.data as { events: unknown[] }).events.length);
      expect(notes.reduce((sum, count) => sum + count, 0)).toBe(PUSHERS * ROUNDS);
      for (const state of states) expect(state).toEqual(server);
    } finally {
      await storage.close();
    }
  }, 120_000);
});
