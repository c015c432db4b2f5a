import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ApiClient } from '../../src-main/services/api/api-client.js';
import { applyHandbookChange } from '../../src-main/services/handbook/handbook-store.js';
import { silentLogger } from '../../src-main/services/log.js';
import { openStore } from '../../src-main/services/store/open-store.js';
import { SyncService } from '../../src-main/services/sync/sync-service.js';
import { DEFAULT_SEEDS_DIR, loadSeedsIfEmpty } from '../../src-server/seed/load-seeds.js';
import { openStorage } from '../../src-server/start.js';
import { enqueueMutation } from '../../src-main/services/sync/outbox.js';
import { applyCodeTreeChange, applyFormChange, applyTicketChange } from '../../src-main/services/tickets/index.js';
import { saveTicketRow } from '../../src-main/services/tickets/ticket-rows.js';
import { readTicketSeeds } from '../../src-server/seed/ticket-seeds.js';
import { createTicketMutation, noteEvent, ticketDocument, ticketId } from '../support/ticket-documents.js';
import { startPostgres, type ThrowawayPostgres } from '../support/postgres.js';
import { startTs, type StartedProcess } from '../support/processes.js';

// `npm run bench -- sync [--seconds 10] [--skip-postgres] [--only-client | --only <server|drain|initial>]`
// Targets (this machine): client drain of 10,000 writes ≤ 10 s; initial sync of 50,000 articles +
// 20,000 tickets ≤ 20 s; ≥ 3,000 mutations/s pushed on PostgreSQL.

// The client pushes its outbox in batches of 200 (SyncService pushBatchSize); the load generator does the same.
const BATCH = 200;

// The workstation's own pull appliers for tickets and the forms and codes they are filled in on.
const TICKET_APPLIERS = { tickets: applyTicketChange, forms: applyFormChange, codes: applyCodeTreeChange };

interface Server extends StartedProcess {
  url: string;
}

async function startServer(db: string): Promise<Server> {
  const started = await startTs('src-server/main.ts', ['--db', db, '--port', '0'], {
    ready: /listening on (http:\/\/127\.0\.0\.1:\d+)/,
    env: { LOG_LEVEL: 'warn', HOTLINE_RATE_LIMIT: 'off' },
    timeoutMs: 120_000,
  });
  return { ...started, url: started.match[1]! };
}

async function tokenFor(url: string, agentId = '1001'): Promise<string> {
  const response = await fetch(`${url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agentId, password: `hotline${agentId}` }) });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** A batch of new tickets as the workstation pushes them: valid documents the server's ticket check accepts. */
function pushBody(): string {
  return JSON.stringify({ clientId: 'ws-bench-load', mutations: Array.from({ length: BATCH }, () => createTicketMutation(ticketDocument())) });
}

/** What the server answered for each pushed mutation: throughput counts only what it applied. */
type PushTally = Record<string, number>;

function tallyPushResults(tally: PushTally): (status: number, body: string) => void {
  return (status, body) => {
    if (status !== 200) return;
    for (const result of (JSON.parse(body) as { results: { status: string }[] }).results) tally[result.status] = (tally[result.status] ?? 0) + 1;
  };
}

async function loadTest(label: string, options: autocannon.Options, itemsPerRequest: number, unit: string, tally?: PushTally): Promise<number> {
  const result = await autocannon(options);
  const ok = result['2xx'];
  const items = tally ? (tally.applied ?? 0) : ok * itemsPerRequest;
  const perSecond = items / (result.duration || 1);
  const outcome = tally ? `, results ${JSON.stringify(tally)}${(tally.applied ?? 0) === ok * itemsPerRequest ? ' — all applied' : ' — NOT ALL APPLIED'}` : '';
  console.log(
    `${label.padEnd(34)} ${Math.round(perSecond).toLocaleString('en').padStart(9)} ${unit}/s  ` +
      `(${ok} ok, ${result.non2xx} non-2xx, ${result.errors} errors, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${options.connections} connections${outcome})`,
  );
  return perSecond;
}

/** How many tickets the server holds, counted the way the workstation learns it: by pulling. */
async function countServerTickets(url: string): Promise<number> {
  const headers = { authorization: `Bearer ${await tokenFor(url)}` };
  let cursor = 0;
  let tickets = 0;
  for (;;) {
    const page = (await (await fetch(`${url}/v1/sync/pull?cursor=${cursor}&limit=1000`, { headers })).json()) as { changes: { collection: string; deleted: boolean }[]; cursor: number; hasMore: boolean };
    tickets += page.changes.filter((change) => change.collection === 'tickets' && !change.deleted).length;
    cursor = page.cursor;
    if (!page.hasMore) return tickets;
  }
}

async function serverThroughput(label: string, db: string, seconds: number): Promise<void> {
  const server = await startServer(db);
  try {
    const token = await tokenFor(server.url);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const tally: PushTally = {};
    await loadTest(
      `push ${label} (valid tickets, checked)`,
      {
        url: `${server.url}/v1/sync/push`,
        connections: 8,
        duration: seconds,
        requests: [{ method: 'POST', headers, setupRequest: (request) => ({ ...request, body: pushBody() }), onResponse: tallyPushResults(tally) }],
      },
      BATCH,
      'mutations',
      tally,
    );
    await loadTest(`pull ${label} (pages of 500)`, { url: `${server.url}/v1/sync/pull?cursor=0&limit=500`, connections: 8, duration: seconds, headers }, 500, 'changes');
  } finally {
    await server.stop();
  }
}

async function clientDrain(dir: string): Promise<void> {
  const server = await startServer(path.join(dir, 'drain-central.db'));
  try {
    const db = openStore(path.join(dir, 'drain-agent.db'));
    // 10,000 tickets written offline: each row with its create in the outbox, as submitDraft leaves them.
    const inquiry = readTicketSeeds(DEFAULT_SEEDS_DIR).forms.find((form) => form.id === 'inquiry')!;
    db.transaction(() => {
      for (let n = 0; n < 10_000; n++) {
        const doc = ticketDocument(ticketId(1, n));
        saveTicketRow(db, doc, inquiry);
        enqueueMutation(db, { collection: 'tickets', entityId: doc.id, op: 'create', patch: doc, baseRev: null });
      }
    })();
    const api = new ApiClient({ baseUrl: server.url, timeoutMs: 30_000 });
    await api.login('1001', 'hotline1001');
    const sync = new SyncService({ db, api, appliers: TICKET_APPLIERS, log: silentLogger, events: false, pushBatchSize: 500 });
    const started = performance.now();
    const status = await sync.syncNow();
    const seconds = (performance.now() - started) / 1000;
    const onServer = await countServerTickets(server.url);
    console.log(
      `client drain of 10,000 queued writes ${seconds.toFixed(2).padStart(9)} s   (target ≤ 10 s; pending after: ${status.pending}, refused: ${status.deadLetters}, tickets on the server: ${onServer}, error: ${status.lastError ?? 'none'})`,
    );
    await sync.stop();
    db.close();
  } finally {
    await server.stop();
  }
}

async function initialSync(dir: string): Promise<void> {
  const centralDb = path.join(dir, 'initial-central.db');
  const storage = await openStorage(centralDb);
  await loadSeedsIfEmpty(storage);
  const body = '## 处理步骤\n\n1. 核实客户身份与宽带账号。\n2. 查询线路状态与光猫指示灯，LOS 红灯闪烁说明光信号中断。\n3. 远程重启或指导客户重启光猫。\n'.repeat(6);
  for (let start = 0; start < 50_000; start += 5_000) {
    await storage.putDocuments(
      Array.from({ length: 5_000 }, (_, i) => ({
        collection: 'handbook' as const,
        id: `kb-${start + i}`,
        data: { id: `kb-${start + i}`, title: `宽带故障处理 第${start + i}篇`, category: '宽带业务/故障报修', keywords: ['宽带', '光猫'], synonyms: ['断网'], body, version: 1, updated: '2026-11-01', status: 'published' },
      })),
    );
  }
  for (let start = 0; start < 20_000; start += 5_000) {
    await storage.putDocuments(
      Array.from({ length: 5_000 }, (_, i) => ({
        collection: 'tickets' as const,
        id: ticketId(2, start + i),
        team: '宽带一组',
        data: { ...ticketDocument(ticketId(2, start + i)), events: [noteEvent('已指导重启光猫')] },
      })),
    );
  }
  await storage.close();
  const server = await startServer(centralDb);
  try {
    const db = openStore(path.join(dir, 'initial-agent.db'));
    const api = new ApiClient({ baseUrl: server.url, timeoutMs: 30_000 });
    await api.login('1001', 'hotline1001');
    const sync = new SyncService({ db, api, appliers: { handbook: applyHandbookChange, ...TICKET_APPLIERS }, log: silentLogger, events: false, pageSize: 2_000 });
    const started = performance.now();
    const status = await sync.syncNow();
    const seconds = (performance.now() - started) / 1000;
    const articles = db.prepare('SELECT COUNT(*) FROM handbook_articles').pluck().get() as number;
    const tickets = db.prepare('SELECT COUNT(*) FROM tickets').pluck().get() as number;
    console.log(`initial sync 50k articles + 20k tickets ${seconds.toFixed(2).padStart(7)} s   (target ≤ 20 s; local: ${articles} articles, ${tickets} tickets; error: ${status.lastError ?? 'none'})`);
    await sync.stop();
    db.close();
  } finally {
    await server.stop();
  }
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { seconds: { type: 'string', default: '10' }, 'skip-postgres': { type: 'boolean', default: false }, 'only-client': { type: 'boolean', default: false }, only: { type: 'string' } },
  });
  const seconds = Number(values.seconds);
  const parts = values.only ? [values.only] : values['only-client'] ? ['drain', 'initial'] : ['server', 'drain', 'initial'];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-sync-'));
  let postgres: ThrowawayPostgres | undefined;
  console.log(`sync benchmark — ${os.cpus().length} cores, load average ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}`);
  try {
    if (parts.includes('server')) await serverThroughput('SQLite', path.join(dir, 'central.db'), seconds);
    if (parts.includes('server') && !values['skip-postgres']) {
      postgres = await startPostgres();
      await serverThroughput('PostgreSQL', postgres.createDatabase('bench'), seconds);
    }
    if (parts.includes('drain')) await clientDrain(dir);
    if (parts.includes('initial')) await initialSync(dir);
  } finally {
    postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
