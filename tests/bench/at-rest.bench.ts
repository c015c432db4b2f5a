import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Agent } from '../../src-shared/domain/agent.js';
import type { TicketListQuery } from '../../src-shared/ipc/tickets.js';
import { saveArticle } from '../../src-main/services/handbook/handbook-store.js';
import { optimiseIndex } from '../../src-main/services/handbook/search-index.js';
import { searchHandbook, warmUpSearch } from '../../src-main/services/handbook/search.js';
import { openStore, type Db } from '../../src-main/services/store/open-store.js';
import * as tickets from '../../src-main/services/tickets/index.js';
import { encryptClearFile } from '../../src-node/sqlite/encrypted-sqlite.js';
import { buildCorpus, debianChineseBlocks, ensureTextPackages } from './handbook/corpus.js';
import { makeQueries, QUERY_KINDS } from './handbook/queries.js';
import { fillTicketStore } from './tickets.bench.js';

// `npm run bench -- at-rest [--articles 20000] [--tickets 50000] [--queries 60] [--rounds 7]`
// What encrypting the profile store costs: the handbook search and the ticket list queries of the
// handbook and tickets benchmarks, on two copies of the same store, one in clear and one encrypted
// (the copy is encrypted by the workstation's own migration), run alternately in the same process
// so that both see the same machine load. Medians per workload and their ratio; target ≤ 1.15.

const AGENT: Agent = { id: '1001', name: '张敏', team: '宽带一组', role: 'agent' };
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (value: number) => value.toFixed(value < 10 ? 3 : 1).padStart(8);

interface Pair {
  clear: Db;
  encrypted: Db;
}

/** A store built by `fill`, copied, the copy encrypted; both opened as the workstation opens them. */
function pairOf(dir: string, name: string, fill: (db: Db) => void): Pair & { bytes: number } {
  const clearFile = path.join(dir, `${name}-clear.db`);
  const encryptedFile = path.join(dir, `${name}-encrypted.db`);
  const db = openStore(clearFile);
  fill(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  copyFileSync(clearFile, encryptedFile);
  const key = randomBytes(32);
  encryptClearFile(encryptedFile, key);
  return { clear: openStore(clearFile), encrypted: openStore(encryptedFile, { key }), bytes: statSync(clearFile).size };
}

/** Runs `work` on both stores in alternating rounds (clear first in even rounds) and times each pass. */
function compare(name: string, pair: Pair, rounds: number, work: (db: Db) => void): { name: string; clear: number; encrypted: number } {
  const times = { clear: [] as number[], encrypted: [] as number[] };
  work(pair.clear); // warm both page caches as a session would be
  work(pair.encrypted);
  for (let round = 0; round < rounds; round++) {
    const order: ('clear' | 'encrypted')[] = round % 2 === 0 ? ['clear', 'encrypted'] : ['encrypted', 'clear'];
    for (const which of order) {
      const t0 = performance.now();
      work(pair[which]);
      times[which].push(performance.now() - t0);
    }
  }
  return { name, clear: median(times.clear), encrypted: median(times.encrypted) };
}

/**
 * Like `compare` for a write workload, timing separately the PASSIVE checkpoint that follows it:
 * the workstation folds the WAL in every few seconds outside any write (idle-checkpoint.ts), so
 * the agent waits for the writes, and the checkpoint is work done in idle time.
 */
function compareWrites(name: string, pair: Pair, rounds: number, work: (db: Db) => void): { name: string; clear: number; encrypted: number }[] {
  const times = { clear: [] as number[], encrypted: [] as number[], clearCheckpoint: [] as number[], encryptedCheckpoint: [] as number[] };
  for (const db of [pair.clear, pair.encrypted]) {
    work(db);
    db.pragma('wal_checkpoint(PASSIVE)');
  }
  for (let round = 0; round < rounds; round++) {
    const order: ('clear' | 'encrypted')[] = round % 2 === 0 ? ['clear', 'encrypted'] : ['encrypted', 'clear'];
    for (const which of order) {
      const t0 = performance.now();
      work(pair[which]);
      const t1 = performance.now();
      pair[which].pragma('wal_checkpoint(PASSIVE)');
      times[which].push(t1 - t0);
      times[`${which}Checkpoint`].push(performance.now() - t1);
    }
  }
  return [
    { name, clear: median(times.clear), encrypted: median(times.encrypted) },
    { name: '  then the idle checkpoint of their WAL', clear: median(times.clearCheckpoint), encrypted: median(times.encryptedCheckpoint) },
  ];
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { articles: { type: 'string', default: '20000' }, tickets: { type: 'string', default: '50000' }, queries: { type: 'string', default: '60' }, rounds: { type: 'string', default: '7' } },
  });
  const rounds = Number(values.rounds);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-at-rest-'));
  try {
    ensureTextPackages();
    const corpus = buildCorpus(Number(values.articles), debianChineseBlocks());
    const handbook = pairOf(dir, 'handbook', (db) => {
      for (let i = 0; i < corpus.length; i += 2000) db.transaction(() => corpus.slice(i, i + 2000).forEach((article) => saveArticle(db, article))).immediate();
      optimiseIndex(db);
    });
    warmUpSearch(handbook.clear);
    warmUpSearch(handbook.encrypted);
    const queries = makeQueries(corpus, Number(values.queries));
    const allQueries = QUERY_KINDS.flatMap((kind) => queries[kind]);

    const ticketStore = pairOf(dir, 'tickets', (db) => void fillTicketStore(db, Number(values.tickets)));
    const listQueries: TicketListQuery[] = [
      { scope: 'team' },
      { scope: 'mine' },
      { scope: 'followups', sort: 'due_asc' },
      { scope: 'team', statuses: ['in_progress'], sort: 'due_asc' },
      { scope: 'team', types: ['complaint'], complaintCode: 'NQ-MOB' },
      { scope: 'team', sla: 'breached', sort: 'due_asc' },
      { scope: 'team', text: '网速' },
      { scope: 'team', text: '光猫 渝中区', sort: 'updated_desc' },
      { scope: 'team', offset: 5000 },
    ];
    const ctxOf = (db: Db) => ({ db, actor: AGENT, now: () => new Date() });
    const detailIds = ticketStore.clear.prepare('SELECT id FROM tickets ORDER BY id LIMIT 200').pluck().all() as string[];

    const rows = [
      compare(`handbook: ${allQueries.length} searches (all kinds)`, handbook, rounds, (db) => allQueries.forEach((query) => searchHandbook(db, query, { limit: 20 }))),
      compare(`tickets: ${listQueries.length} list queries`, ticketStore, rounds, (db) => listQueries.forEach((query) => tickets.listTickets(ctxOf(db), { limit: 100, ...query }))),
      compare(`tickets: ${detailIds.length} ticket details`, ticketStore, rounds, (db) => detailIds.forEach((id) => tickets.getTicketDetail(ctxOf(db), id))),
      ...compareWrites('tickets: 20 writes (accept)', ticketStore, rounds, (db) => {
        const ctx = ctxOf(db);
        const ids = db.prepare("SELECT id FROM tickets WHERE status = 'submitted' LIMIT 20").pluck().all() as string[];
        for (const id of ids) tickets.transitionTicket(ctx, id, 'accepted');
      }),
    ];
    console.log(`\nat rest: the same store in clear and encrypted (AEGIS-256, SQLite3MultipleCiphers), ${rounds} alternating rounds, medians of a whole pass`);
    console.log(`  stores: handbook ${corpus.length} articles (${(handbook.bytes / 1048576).toFixed(0)} MB), tickets ${Number(values.tickets).toLocaleString('en')} (${(ticketStore.bytes / 1048576).toFixed(0)} MB)`);
    for (const row of rows) console.log(`  ${row.name.padEnd(44)} clear ${fmt(row.clear)} ms   encrypted ${fmt(row.encrypted)} ms   ratio ${(row.encrypted / row.clear).toFixed(3)}   target ≤ 1.15`);
    console.log(`  (load average while measuring: ${os.loadavg().map((load) => load.toFixed(1)).join(' ')} on ${os.cpus().length} cores)`);
    for (const pair of [handbook, ticketStore]) {
      pair.clear.close();
      pair.encrypted.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
