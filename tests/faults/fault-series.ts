import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sameJson } from '../../src-server/sync/decide.js';
import { openStorage } from '../../src-server/start.js';
import type { ServerStorage } from '../../src-server/storage/storage.js';
import { startPostgres, type ThrowawayPostgres } from '../support/postgres.js';
import { startTs, type StartedProcess } from '../support/processes.js';
import { FaultyProxy, NO_FAULTS, type FaultRates } from './faulty-proxy.js';

// The fault-injection series: real server process(es), real workstation processes, a misbehaving
// proxy between them, kill -9 of either side at random moments. After every run: each ticket a
// workstation wrote exists on the server exactly once with its latest content, every note exactly
// once, nothing left pending or refused, and every workstation's copy equals the server's.

export interface SeriesOptions {
  runs: number;
  seed?: number;
  /** Two API processes on one throwaway PostgreSQL, a workstation on each (else one API on SQLite). */
  postgres?: boolean;
  /** Stop starting new runs after this long. */
  budgetMs?: number;
  log?: (line: string) => void;
}

export interface SeriesResult {
  runs: number;
  failures: { run: number; problems: string[] }[];
  clientKills: number;
  serverKills: number;
  proxyFaults: Record<string, number>;
  mutations: number;
}

const SERVER_FAULTS = 'server.push.mid-transaction:0.03';
const CLIENT_FAULTS = 'client.push.after-reply:0.04';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One API process that the harness kills and restarts; when it dies by itself (a fault point) it is restarted too. */
class ManagedServer {
  process: StartedProcess | undefined;
  kills = 0;
  private stopping = false;
  constructor(
    private readonly db: string,
    readonly proxy: FaultyProxy,
  ) {}

  async start(): Promise<void> {
    const started = await startTs('src-server/main.ts', ['--db', this.db, '--port', '0'], {
      ready: /listening on http:\/\/127\.0\.0\.1:(\d+)/,
      env: { LOG_LEVEL: 'error', HOTLINE_FAULTS: SERVER_FAULTS, HOTLINE_RATE_LIMIT: 'off' },
      timeoutMs: 60_000,
    });
    this.process = started;
    this.proxy.retarget(Number(started.match[1]));
    started.child.once('exit', () => {
      if (this.process === started && !this.stopping) {
        this.kills++; // it killed itself at a fault point, mid-transaction
        void this.start();
      }
    });
  }

  async kill9(): Promise<void> {
    const victim = this.process;
    this.process = undefined;
    await victim?.stop('SIGKILL');
    this.kills++;
    await this.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.process?.stop('SIGTERM');
  }
}

class ManagedClient {
  process: StartedProcess | undefined;
  kills = 0;
  constructor(
    readonly args: string[],
    readonly profileDir: string,
    private readonly faulty: boolean,
  ) {}

  async start(): Promise<void> {
    this.process = await startTs('tests/faults/fault-client.ts', this.args, {
      ready: /READY/,
      env: { LOG_LEVEL: 'silent', HOTLINE_FAULTS: this.faulty ? CLIENT_FAULTS : '' },
      timeoutMs: 90_000,
    });
    this.process.child.once('exit', () => {
      // killed itself at a fault point (after a push reply, before recording it): start again
      if (this.process && this.process.child.signalCode === 'SIGKILL' && !this.said('FINAL')) {
        this.kills++;
        void this.start();
      }
    });
  }

  said(word: string): boolean {
    return this.process?.output().includes(word) ?? false;
  }

  async kill9(): Promise<void> {
    const victim = this.process;
    this.process = undefined;
    await victim?.stop('SIGKILL');
    this.kills++;
    await this.start();
  }
}

export async function runFaultSeries(options: SeriesOptions): Promise<SeriesResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-faults-'));
  let postgres: ThrowawayPostgres | undefined;
  let db = path.join(dir, 'central.db');
  if (options.postgres) {
    postgres = await startPostgres();
    db = postgres.createDatabase('faults');
  }
  const servers: ManagedServer[] = [];
  const result: SeriesResult = { runs: 0, failures: [], clientKills: 0, serverKills: 0, proxyFaults: {}, mutations: 0 };
  let storage: ServerStorage | undefined;
  const started = Date.now();
  try {
    for (let n = 0; n < (options.postgres ? 2 : 1); n++) {
      const proxy = new FaultyProxy(0);
      const server = new ManagedServer(db, proxy);
      await proxy.listen().then((port) => Object.assign(proxy, { port }));
      await server.start(); // one after the other: the first loads the seed agents
      servers.push(server);
    }
    storage = await openStorage(db);
    let seed = options.seed ?? Date.now() % 100_000;
    for (let run = 1; run <= options.runs; run++) {
      if (options.budgetMs && Date.now() - started > options.budgetMs) break;
      seed++;
      const problems = await oneRun(run, seed, dir, servers, storage, result);
      result.runs++;
      if (problems.length > 0) {
        result.failures.push({ run, problems });
        log(`run ${run} (seed ${seed}) FAILED:\n  ${problems.slice(0, 20).join('\n  ')}`);
      } else if (run % 10 === 0 || run === options.runs) {
        const serverKills = servers.reduce((sum, server) => sum + server.kills, 0);
        log(`run ${run} ok — so far ${result.mutations} writes, ${result.clientKills} workstation kill -9, ${serverKills} server kills`);
      }
    }
  } finally {
    for (const server of servers) {
      result.serverKills += server.kills;
      for (const [fault, count] of Object.entries(server.proxy.counts)) result.proxyFaults[fault] = count;
      await server.stop();
      await server.proxy.close();
    }
    await storage?.close();
    postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

async function oneRun(run: number, seed: number, dir: string, servers: ManagedServer[], storage: ServerStorage, result: SeriesResult): Promise<string[]> {
  const rand = mulberry(seed);
  const clientCount = servers.length > 1 || rand() < 0.5 ? 2 : 1;
  const clients: ManagedClient[] = [];
  for (let c = 0; c < clientCount; c++) {
    const server = servers[c % servers.length]!;
    const profileDir = path.join(dir, `run-${run}-${c}`);
    mkdirSync(profileDir, { recursive: true });
    const ops = 15 + Math.floor(rand() * 30);
    result.mutations += ops;
    const args = ['--profile-dir', profileDir, '--server-url', `http://127.0.0.1:${(server.proxy as unknown as { port: number }).port}`, '--agent', c === 0 ? '1001' : '1002', '--prefix', `r${run}${'ab'[c]}`, '--ops', String(ops), '--seed', String(seed * 10 + c)];
    clients.push(new ManagedClient(args, profileDir, rand() < 0.5));
  }
  const rates: FaultRates = { cut: 0.04 * rand(), dropResponse: 0.08 * rand(), blackhole: 0.01 * rand(), error500: 0.06 * rand(), delay: 0.15 * rand() };
  for (const server of servers) server.proxy.rates = rates;
  await Promise.all(clients.map((client) => client.start()));

  // Chaos until every workstation has written everything (bounded).
  const chaosUntil = Date.now() + 30_000;
  while (!clients.every((client) => client.said('WROTE')) && Date.now() < chaosUntil) {
    await sleep(200 + rand() * 600);
    const roll = rand();
    if (roll < 0.2) await clients[Math.floor(rand() * clients.length)]!.kill9();
    else if (roll < 0.28) await servers[Math.floor(rand() * servers.length)]!.kill9();
  }
  for (const server of servers) server.proxy.rates = NO_FAULTS;
  const problems: string[] = [];
  const deadline = Date.now() + 60_000;
  while (!clients.every((client) => client.said('DRAINED')) && Date.now() < deadline) await sleep(100);
  if (!clients.every((client) => client.said('DRAINED'))) problems.push('a workstation did not drain its outbox within 60 s');
  // Everyone pushed: now each does one last pull, so each copy can be compared with the server's.
  for (const client of clients) client.process?.child.kill('SIGUSR2');
  const finalDeadline = Date.now() + 30_000;
  while (!clients.every((client) => client.process?.child.exitCode === 0) && Date.now() < finalDeadline) await sleep(100);
  for (const client of clients) {
    result.clientKills += client.kills;
    if (client.process?.child.exitCode !== 0) {
      problems.push(`workstation ${client.args[7]} did not finish: ${client.process?.output().slice(-500)}`);
      await client.process?.stop('SIGKILL');
    }
  }
  if (problems.length === 0) problems.push(...(await verify(clients, storage)));
  for (const client of clients) rmSync(client.profileDir, { recursive: true, force: true });
  return problems;
}

interface ClientView {
  name: string;
  expected: Map<string, Record<string, unknown>>;
  notes: { note_id: string; ticket_id: string }[];
  local: Map<string, unknown>;
  pending: number;
  deadLetters: number;
  conflicts: number;
}

function readClient(client: ManagedClient): ClientView {
  const agent = client.args[client.args.indexOf('--agent') + 1]!;
  const db = new Database(path.join(client.profileDir, `agent-${agent}.db`), { readonly: true });
  try {
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    return {
      name: client.args[client.args.indexOf('--prefix') + 1]!,
      expected: new Map((db.prepare('SELECT id, fields FROM fault_expected').all() as { id: string; fields: string }[]).map((row) => [row.id, JSON.parse(row.fields)])),
      notes: db.prepare('SELECT note_id, ticket_id FROM fault_notes').all() as ClientView['notes'],
      local: new Map((db.prepare('SELECT id, data FROM practice_tickets').all() as { id: string; data: string }[]).map((row) => [row.id, JSON.parse(row.data)])),
      pending: count('SELECT COUNT(*) FROM outbox'),
      deadLetters: count('SELECT COUNT(*) FROM sync_dead_letters'),
      conflicts: count('SELECT COUNT(*) FROM sync_conflicts'),
    };
  } finally {
    db.close();
  }
}

async function verify(clients: ManagedClient[], storage: ServerStorage): Promise<string[]> {
  const problems: string[] = [];
  const views = clients.map(readClient);
  const runTickets = new Set(views.flatMap((view) => [...view.expected.keys()]));
  const notesByTicket = new Map<string, string[]>();
  for (const view of views) {
    if (view.pending || view.deadLetters || view.conflicts) problems.push(`${view.name}: ${view.pending} pending, ${view.deadLetters} refused, ${view.conflicts} conflicts`);
    for (const note of view.notes) notesByTicket.set(note.ticket_id, [...(notesByTicket.get(note.ticket_id) ?? []), note.note_id]);
  }
  const server = new Map<string, Record<string, unknown>>();
  for (const id of runTickets) {
    const doc = await storage.getDocument('tickets', id);
    if (!doc || doc.deleted) {
      problems.push(`${id}: missing on the server`);
      continue;
    }
    server.set(id, doc.data as Record<string, unknown>);
  }
  for (const view of views) {
    for (const [id, fields] of view.expected) {
      const data = server.get(id);
      if (!data) continue;
      const { notes: _notes, ...serverFields } = data;
      if (!sameJson(serverFields, fields)) problems.push(`${id}: server has ${JSON.stringify(serverFields)}, ${view.name} wrote ${JSON.stringify(fields)}`);
    }
  }
  for (const [id, data] of server) {
    const onServer = ((data.notes as { id: string }[]) ?? []).map((note) => note.id);
    const written = notesByTicket.get(id) ?? [];
    if (new Set(onServer).size !== onServer.length) problems.push(`${id}: a note was applied twice: ${onServer.join(',')}`);
    if (!sameJson([...onServer].sort(), [...written].sort())) problems.push(`${id}: notes on server [${onServer}] ≠ written [${written}]`);
    for (const view of views) {
      if (!sameJson(view.local.get(id), data)) problems.push(`${id}: ${view.name}'s copy differs from the server's`);
    }
  }
  return problems;
}

function mulberry(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
