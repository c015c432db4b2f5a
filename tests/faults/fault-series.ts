import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sameJson } from '../../src-server/sync/decide.js';
import { openStorage } from '../../src-server/start.js';
import type { ServerStorage } from '../../src-server/storage/storage.js';
import { startPostgres, type ThrowawayPostgres } from '../support/postgres.js';
import { startTs, type StartedProcess } from '../support/processes.js';
import { seededRandom } from '../support/seeded-random.js';
import { readLedger } from './fault-ledger.js';
import { FaultyProxy, NO_FAULTS, type FaultRates } from './faulty-proxy.js';

// The fault-injection series: real server process(es), real workstation processes, a misbehaving
// proxy between them, kill -9 of either side at random moments. After every run: each ticket a
// workstation wrote exists on the server exactly once with its latest content, every note exactly
// once, nothing left pending or refused, and every workstation's copy equals the server's.
// The workstations write real tickets through the real ticket service, so the server's ticket
// validation (the published forms) checks every push: a refusal is reported as a failure.

export interface SeriesOptions {
  runs: number;
  seed?: number;
  /** Two API processes on one throwaway PostgreSQL, a workstation on each (else one API on SQLite). */
  postgres?: boolean;
  /** Stop starting new runs after this long, counted from when the servers are up; the first run always happens. */
  budgetMs?: number;
  log?: (line: string) => void;
}

export interface SeriesResult {
  runs: number;
  failures: { run: number; problems: string[] }[];
  clientKills: number;
  serverKills: number;
  proxyFaults: Record<string, number>;
  /** Agent actions (create, transition, escalate, callback, note), each one transaction on a workstation. */
  writes: number;
  /** Mutations the server applied over the series (each action is one or more). */
  appliedMutations: number;
}

const SERVER_FAULTS = 'server.push.mid-transaction:0.03';
const CLIENT_FAULTS = 'client.push.after-reply:0.04';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A child process the harness kills with -9 and starts again; one that dies by itself at a fault
 * point is restarted too. Starts, restarts and kills run one after the other: a kill that raced a
 * restart used to leave two processes behind one name, and the orphan went on writing and pushing
 * into later runs.
 */
abstract class Restartable {
  process: StartedProcess | undefined;
  kills = 0;
  protected stopping = false;
  private readonly running = new Set<StartedProcess>();
  private lifecycle: Promise<void> = Promise.resolve();

  protected abstract launch(): Promise<StartedProcess>;
  /** Whether an exit the harness did not cause should count as a kill and be followed by a restart. */
  protected abstract diedAtFaultPoint(exited: StartedProcess): boolean;
  protected onStarted(_started: StartedProcess): void {}

  start(): Promise<void> {
    return this.serially(() => this.launchOne());
  }

  kill9(): Promise<void> {
    return this.serially(async () => {
      const victim = this.process;
      this.process = undefined;
      await victim?.stop('SIGKILL');
      this.kills++;
      await this.launchOne();
    });
  }

  /** Resolves when no start, restart or kill is under way. */
  settled(): Promise<void> {
    return this.lifecycle;
  }

  /** Ends every process this ever started that still runs; nothing is restarted afterwards. */
  async reap(signal: NodeJS.Signals): Promise<void> {
    this.stopping = true;
    await this.lifecycle;
    await Promise.all([...this.running].map((started) => started.stop(signal)));
  }

  private serially(step: () => Promise<void>): Promise<void> {
    const next = this.lifecycle.then(step);
    this.lifecycle = next.catch(() => {});
    return next;
  }

  private async launchOne(): Promise<void> {
    if (this.stopping) return;
    const started = await this.launch();
    this.running.add(started);
    this.process = started;
    this.onStarted(started);
    started.child.once('exit', () => {
      this.running.delete(started);
      if (this.process === started && !this.stopping && this.diedAtFaultPoint(started)) {
        this.kills++;
        this.start().catch(() => {});
      }
    });
  }
}

/** One API process behind its own misbehaving proxy. */
class ManagedServer extends Restartable {
  constructor(
    private readonly db: string,
    readonly proxy: FaultyProxy,
  ) {
    super();
  }

  protected launch(): Promise<StartedProcess> {
    return startTs('src-server/main.ts', ['--db', this.db, '--port', '0'], {
      ready: /listening on http:\/\/127\.0\.0\.1:(\d+)/,
      env: { LOG_LEVEL: 'error', HOTLINE_FAULTS: SERVER_FAULTS, HOTLINE_RATE_LIMIT: 'off' },
      timeoutMs: 60_000,
    });
  }

  protected override onStarted(started: StartedProcess): void {
    this.proxy.retarget(Number(started.match[1]));
  }

  // Any exit the harness did not ask for: it killed itself at a fault point, mid-transaction.
  protected diedAtFaultPoint(): boolean {
    return true;
  }

  stop(): Promise<void> {
    return this.reap('SIGTERM');
  }
}

/** One workstation process (fault-client.ts) with its profile directory. */
class ManagedClient extends Restartable {
  constructor(
    readonly args: string[],
    readonly profileDir: string,
    readonly agentId: string,
    readonly name: string,
    private readonly faulty: boolean,
  ) {
    super();
  }

  protected launch(): Promise<StartedProcess> {
    return startTs('tests/faults/fault-client.ts', this.args, {
      ready: /READY/,
      env: { LOG_LEVEL: 'silent', HOTLINE_FAULTS: this.faulty ? CLIENT_FAULTS : '' },
      timeoutMs: 90_000,
    });
  }

  // Killed itself at a fault point (after a push reply, before recording it), not after finishing.
  protected diedAtFaultPoint(exited: StartedProcess): boolean {
    return exited.child.signalCode === 'SIGKILL' && !exited.output().includes('FINAL');
  }

  said(word: string): boolean {
    return this.process?.output().includes(word) ?? false;
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
  const result: SeriesResult = { runs: 0, failures: [], clientKills: 0, serverKills: 0, proxyFaults: {}, writes: 0, appliedMutations: 0 };
  let storage: ServerStorage | undefined;
  let started = Date.now();
  try {
    for (let n = 0; n < (options.postgres ? 2 : 1); n++) {
      const proxy = new FaultyProxy(0);
      const server = new ManagedServer(db, proxy);
      await proxy.listen();
      await server.start(); // one after the other: the first loads the seed agents
      servers.push(server);
    }
    storage = await openStorage(db);
    started = Date.now(); // the budget is for runs, not for starting PostgreSQL and the servers on a busy machine
    let seed = options.seed ?? Date.now() % 100_000;
    for (let run = 1; run <= options.runs; run++) {
      if (run > 1 && options.budgetMs && Date.now() - started > options.budgetMs) break;
      seed++;
      const problems = await oneRun(run, seed, dir, servers, storage, result);
      result.runs++;
      if (problems.length > 0) {
        result.failures.push({ run, problems });
        log(`run ${run} (seed ${seed}) FAILED:\n  ${problems.slice(0, 20).join('\n  ')}`);
      } else if (run % 10 === 0 || run === options.runs) {
        const serverKills = servers.reduce((sum, server) => sum + server.kills, 0);
        log(`run ${run} ok — so far ${result.writes} writes, ${result.clientKills} workstation kill -9, ${serverKills} server kills`);
      }
    }
  } finally {
    for (const server of servers) {
      result.serverKills += server.kills;
      for (const [fault, count] of Object.entries(server.proxy.counts)) result.proxyFaults[fault] = (result.proxyFaults[fault] ?? 0) + count;
      await server.stop();
      await server.proxy.close();
    }
    if (storage) result.appliedMutations = await storage.countAppliedMutations();
    await storage?.close();
    postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

async function oneRun(run: number, seed: number, dir: string, servers: ManagedServer[], storage: ServerStorage, result: SeriesResult): Promise<string[]> {
  const rand = seededRandom(seed);
  const clientCount = servers.length > 1 || rand() < 0.5 ? 2 : 1;
  const clients: ManagedClient[] = [];
  for (let c = 0; c < clientCount; c++) {
    const server = servers[c % servers.length]!;
    const profileDir = path.join(dir, `run-${run}-${c}`);
    mkdirSync(profileDir, { recursive: true });
    const ops = 15 + Math.floor(rand() * 30);
    result.writes += ops;
    // Two agents of the same team (宽带一组): each sees, and adds notes to, the other's tickets.
    const agentId = c === 0 ? '1001' : '1002';
    const name = `r${run}${'ab'[c]}`;
    const args = ['--profile-dir', profileDir, '--server-url', `http://127.0.0.1:${server.proxy.port}`, '--agent', agentId, '--prefix', name, '--ops', String(ops), '--seed', String(seed * 10 + c)];
    clients.push(new ManagedClient(args, profileDir, agentId, name, rand() < 0.5));
  }
  const ticketsBefore = await storage.countDocuments('tickets');
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
  await Promise.all(clients.map((client) => client.settled()));
  for (const client of clients) client.process?.child.kill('SIGUSR2');
  const finalDeadline = Date.now() + 30_000;
  while (!clients.every((client) => client.process?.child.exitCode === 0) && Date.now() < finalDeadline) await sleep(100);
  for (const client of clients) {
    result.clientKills += client.kills;
    if (client.process?.child.exitCode !== 0) problems.push(`workstation ${client.name} did not finish: ${client.process?.output().slice(-500)}`);
    await client.reap('SIGKILL'); // nothing of this run may go on writing into the next one
  }
  if (problems.length === 0) problems.push(...(await verify(clients, storage, ticketsBefore)));
  for (const client of clients) rmSync(client.profileDir, { recursive: true, force: true });
  return problems;
}

/**
 * Every ticket a workstation wrote exists exactly once on the server with its latest content, every
 * event (note, transition, escalation…) exactly once, nothing pending, refused or in conflict, and
 * every workstation's copy equals the server's.
 */
async function verify(clients: ManagedClient[], storage: ServerStorage, ticketsBefore: number): Promise<string[]> {
  const problems: string[] = [];
  const ledgers = clients.map((client) => ({ name: client.name, ...readLedger(client.profileDir, client.agentId) }));
  const created = new Set(ledgers.flatMap((ledger) => [...ledger.expected.keys()]));
  const written = new Map<string, string[]>();
  for (const ledger of ledgers) {
    if (ledger.pending || ledger.conflicts) problems.push(`${ledger.name}: ${ledger.pending} pending, ${ledger.conflicts} conflicts`);
    // A refusal is a bug of the harness or the product (the ticket service only writes valid tickets): show why.
    for (const letter of ledger.deadLetters) problems.push(`${ledger.name}: the server refused ${letter.op} of ${letter.entity_id}: ${letter.code} ${letter.reason}`);
    for (const [id, events] of ledger.eventsByTicket) written.set(id, [...(written.get(id) ?? []), ...events]);
  }
  const ticketsAfter = await storage.countDocuments('tickets');
  if (ticketsAfter - ticketsBefore !== created.size) problems.push(`${created.size} tickets written, but the server gained ${ticketsAfter - ticketsBefore}`);

  const server = new Map<string, Record<string, unknown>>();
  for (const id of new Set([...created, ...written.keys()])) {
    const doc = await storage.getDocument('tickets', id);
    if (!doc || doc.deleted) problems.push(`${id}: missing on the server`);
    else server.set(id, doc.data as Record<string, unknown>);
  }
  for (const ledger of ledgers) {
    for (const [id, expected] of ledger.expected) {
      const data = server.get(id);
      if (!data) continue;
      // updatedAt is the server's stamp of its last write, not the agent's: it only has to be a time after submission.
      const { events: _events, updatedAt, ...fields } = data;
      const { updatedAt: _written, ...wanted } = expected;
      if (!sameJson(fields, wanted)) problems.push(`${id}: server has ${JSON.stringify(fields)}, ${ledger.name} wrote ${JSON.stringify(wanted)}`);
      if (!(Date.parse(String(updatedAt)) >= Date.parse(String(fields.submittedAt)))) problems.push(`${id}: updatedAt ${String(updatedAt)} is not a time after submission`);
    }
  }
  for (const [id, data] of server) {
    const { events, ...fields } = data as { events?: { id: string }[] };
    const onServer = (events ?? []).map((event) => event.id);
    const wrote = written.get(id) ?? [];
    if (new Set(onServer).size !== onServer.length) problems.push(`${id}: an event was applied twice: ${onServer.join(',')}`);
    if (created.has(id)) {
      if (!sameJson([...onServer].sort(), [...wrote].sort())) problems.push(`${id}: events on server [${onServer}] ≠ written [${wrote}]`);
    } else {
      // A ticket of an earlier run that got notes in this one: each of those is there (once, see above).
      const lost = wrote.filter((event) => !onServer.includes(event));
      if (lost.length > 0) problems.push(`${id}: events written but missing on the server: ${lost.join(',')}`);
    }
    for (const ledger of ledgers) {
      const local = ledger.local.get(id);
      if (!local) problems.push(`${id}: ${ledger.name} does not have it`);
      else if (!sameJson(local.doc, fields) || !sameJson([...local.eventIds].sort(), [...onServer].sort())) problems.push(`${id}: ${ledger.name}'s copy differs from the server's`);
    }
  }
  return problems;
}
