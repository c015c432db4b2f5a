import { parseArgs } from 'node:util';
import { createLogger } from '../../src-main/services/log.js';
import { SessionService, type OpenSession } from '../../src-main/services/session/session-service.js';
import { readValue, writeValue } from '../../src-main/services/store/key-value.js';
import type { Db } from '../../src-main/services/store/open-store.js';
import { SyncService } from '../../src-main/services/sync/sync-service.js';
import { applyPracticeTicket, practiceTicketWriter, type TicketWriter } from './practice-tickets.js';

// One workstation of the fault-injection harness, as its own process: the real session service
// opens the real profile store, the real sync engine pushes and pulls. It writes ticket-like
// entities through the real write path and records, in the same transaction, what it expects the
// server to end up with. It can be `kill -9`ed at any moment and restarted with the same arguments;
// it resumes where its last committed write left off.
//
//   --profile-dir D --server-url U --agent 1001 --prefix r7a --ops 40 --seed 7 [--others r7b]
// stdout: "READY", "WROTE <n>" when all ops are written, "DRAINED" when the outbox is empty.
// SIGUSR2: one last full sync, then exit 0 (the harness then compares states).

const { values } = parseArgs({
  options: {
    'profile-dir': { type: 'string' },
    'server-url': { type: 'string' },
    agent: { type: 'string', default: '1001' },
    prefix: { type: 'string' },
    ops: { type: 'string', default: '30' },
    seed: { type: 'string', default: '1' },
    'pause-ms': { type: 'string', default: '25' },
  },
});
const prefix = values.prefix!;
const totalOps = Number(values.ops);
const log = createLogger('fault-client', process.env.LOG_LEVEL ?? 'error');

const EXPECTED_SQL = `
CREATE TABLE IF NOT EXISTS fault_expected (id TEXT PRIMARY KEY, fields TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS fault_notes (note_id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL) STRICT;`;

/** Seeded PRNG (mulberry32): the same run replays the same writes after a restart. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATUSES = ['open', 'in_progress', 'waiting_customer', 'resolved'];

/** Writes op n: the row, its outbox entry, the expectation and the progress counter in one transaction. */
function writeOp(db: Db, writer: TicketWriter, n: number): void {
  const rand = random(Number(values.seed) * 100_003 + n);
  const own = db.prepare('SELECT id FROM fault_expected ORDER BY id').pluck().all() as string[];
  const visible = db.prepare('SELECT id FROM practice_tickets ORDER BY id').pluck().all() as string[];
  const roll = rand();
  db.transaction(() => {
    if (own.length === 0 || roll < 0.25) {
      const id = `${prefix}-${n}`;
      const fields = { title: `工单 ${id} 宽带故障`, status: 'open', phone: `138${String(n).padStart(8, '0')}`, version: n };
      writer.create(id, fields);
      db.prepare('INSERT INTO fault_expected (id, fields) VALUES (?, ?)').run(id, JSON.stringify(fields));
    } else if (roll < 0.6) {
      const id = own[Math.floor(rand() * own.length)]!;
      const change = { status: STATUSES[Math.floor(rand() * STATUSES.length)]!, version: n };
      writer.update(id, change);
      const expected = JSON.parse(db.prepare('SELECT fields FROM fault_expected WHERE id = ?').pluck().get(id) as string) as Record<string, unknown>;
      db.prepare('UPDATE fault_expected SET fields = ? WHERE id = ?').run(JSON.stringify({ ...expected, ...change }), id);
    } else {
      // Notes go to any ticket this workstation can see, a colleague's too: appends never conflict.
      const pool = visible.length > 0 && rand() < 0.5 ? visible : own;
      const id = pool[Math.floor(rand() * pool.length)]!;
      const note = { id: `${prefix}-note-${n}`, by: prefix, text: `第${n}条备注` };
      writer.appendNote(id, note);
      db.prepare('INSERT INTO fault_notes (note_id, ticket_id) VALUES (?, ?)').run(note.id, id);
    }
    writeValue(db, 'settings', 'fault_ops_done', String(n + 1));
  })();
}

async function signIn(): Promise<OpenSession> {
  const sessions = new SessionService({ profileDir: values['profile-dir']!, serverUrl: values['server-url']!, log });
  for (let attempt = 0; ; attempt++) {
    try {
      return await sessions.login(values.agent!, `hotline${values.agent}`);
    } catch (error) {
      if (attempt > 200) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
}

// The engine's timers and fetch's timeouts are unref'd; this process lives until killed or told to finish.
setInterval(() => {}, 1 << 30);
const session = await signIn();
const { db } = session;
db.exec(EXPECTED_SQL);
const writer = practiceTicketWriter(db);
const sync = new SyncService({
  db,
  api: session.api,
  appliers: { tickets: applyPracticeTicket },
  log,
  intervalMs: 300,
  writeDebounceMs: 50,
  maxBackoffMs: 1_000,
  ensureSignedIn: session.ensureSignedIn,
  actor: values.agent,
});
sync.start();
console.log('READY');

let finishing = false;
process.on('SIGUSR2', () => {
  finishing = true;
  void (async () => {
    for (;;) {
      const status = await sync.syncNow();
      if (status.online && status.lastError === null && status.pending === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await sync.stop();
    db.close();
    console.log('FINAL');
    process.exit(0);
  })();
});

const pause = Number(values['pause-ms']);
for (let n = Number(readValue(db, 'settings', 'fault_ops_done') ?? 0); n < totalOps && !finishing; n++) {
  writeOp(db, writer, n);
  await new Promise((resolve) => setTimeout(resolve, pause * (0.5 + Math.random())));
}
console.log(`WROTE ${totalOps}`);
while (!finishing) {
  const status = await sync.syncNow();
  if (status.pending === 0 && status.online && !finishing) {
    console.log('DRAINED');
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
