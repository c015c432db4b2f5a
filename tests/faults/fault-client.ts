import { parseArgs } from 'node:util';
import { allowedTransitions, isOpen } from '../../src-shared/tickets/workflow.js';
import { configOrExit } from '../../src-node/config/env.js';
import { configureFaults } from '../../src-node/fault-points.js';
import { loadWorkstationConfig } from '../../src-main/config.js';
import { createLogger } from '../../src-main/services/log.js';
import { SessionService, type OpenSession } from '../../src-main/services/session/session-service.js';
import { readValue, writeValue } from '../../src-main/services/store/key-value.js';
import { SyncService } from '../../src-main/services/sync/sync-service.js';
import {
  addNote,
  applyCodeTreeChange,
  applyFormChange,
  applyTicketChange,
  completeCallback,
  createDraft,
  escalateTicket,
  markTicketRejected,
  saveDraft,
  setCallback,
  submitDraft,
  transitionTicket,
  type TicketContext,
} from '../../src-main/services/tickets/index.js';
import { readTicketDoc } from '../../src-main/services/tickets/ticket-rows.js';
import { seededRandom } from '../support/seeded-random.js';
import { LEDGER_SQL, lastOutboxSeq, recordExpectations } from './fault-ledger.js';

// One workstation of the fault-injection harness, as its own process: the real session service
// opens the real profile store, the real ticket service writes real tickets (forms and complaint
// codes pulled from the server), the real sync engine pushes and pulls. Each op is one transaction
// that also records what the workstation expects the server to end up with (fault-ledger.ts). It can
// be `kill -9`ed at any moment and restarted with the same arguments; it resumes after its last
// committed op.
//
//   --profile-dir D --server-url U --agent 1001 --prefix r7a --ops 40 --seed 7
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
// The harness sets LOG_LEVEL and HOTLINE_FAULTS; read as the workstation reads them.
const config = configOrExit(() => loadWorkstationConfig(process.env));
configureFaults(config.faults);
const log = createLogger('fault-client', process.env.LOG_LEVEL ? config.logLevel : 'error');

const TOPICS = ['plan', 'broadband', 'mnp', 'bill', 'other'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];

/** An inquiry as an agent fills it in during a call, varied per op. */
function createTicket(ctx: TicketContext, n: number, rand: () => number): void {
  const draft = createDraft(ctx, 'inquiry');
  const values = {
    ...draft.values,
    customerPhone: `139${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`,
    title: `${prefix} 第${n}单 宽带断网`,
    topic: pick(TOPICS, rand),
    priority: pick(PRIORITIES, rand),
    description: `客户反映宽带无法上网（${prefix}-${n}）`,
    answeredOnCall: 'no',
    callbackWanted: 'no',
  };
  saveDraft(ctx.db, draft.id, values as never, null, ctx.now());
  submitDraft(ctx, draft.id);
}

/** Writes op n with the ticket service, plus its expectation and the progress counter, in one transaction. */
function writeOp(ctx: TicketContext, n: number): void {
  const { db } = ctx;
  const rand = seededRandom(Number(values.seed) * 100_003 + n);
  const own = db.prepare('SELECT ticket_id FROM fault_expected ORDER BY ticket_id').pluck().all() as string[];
  const visible = db.prepare('SELECT id FROM tickets ORDER BY id').pluck().all() as string[];
  db.transaction(() => {
    const since = lastOutboxSeq(db);
    const roll = rand();
    const mine = own.length > 0 ? readTicketDoc(db, pick(own, rand))!.doc : undefined;
    const note = () => {
      // Notes go to any ticket this workstation can see, a colleague's too: appends never conflict.
      const target = visible.length > 0 && rand() < 0.5 ? pick(visible, rand) : mine!.id;
      addNote(ctx, target, `${prefix} 第${n}条备注：已联系客户`);
    };
    if (!mine || roll < 0.25) {
      createTicket(ctx, n, rand);
    } else if (roll < 0.5) {
      // Only moves an agent may make (closing and reopening a closed ticket are a supervisor's).
      transitionTicket(ctx, mine.id, pick(allowedTransitions(mine.status, ctx.actor.role), rand), rand() < 0.5 ? `${prefix} 第${n}步` : undefined);
    } else if (roll < 0.58 && isOpen(mine.status) && mine.escalationLevel < 2) {
      escalateTicket(ctx, mine.id, 2, '客户多次来电，需上级协调');
    } else if (roll < 0.66) {
      if (mine.callbackAt && !mine.callbackDoneAt) completeCallback(ctx, mine.id, '已回访');
      else setCallback(ctx, mine.id, new Date(Date.now() + (1 + Math.floor(rand() * 48)) * 3_600_000).toISOString());
    } else {
      note();
    }
    recordExpectations(db, since);
    writeValue(db, 'settings', 'fault_ops_done', String(n + 1));
  })();
}

function pick<T>(items: readonly T[], rand: () => number): T {
  return items[Math.floor(rand() * items.length)]!;
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
db.exec(LEDGER_SQL);
// The same appliers as the workstation (src-main/services/workstation.ts), for what this harness writes.
const sync = new SyncService({
  db,
  api: session.api,
  appliers: { tickets: applyTicketChange, forms: applyFormChange, codes: applyCodeTreeChange },
  log,
  intervalMs: 300,
  writeDebounceMs: 50,
  maxBackoffMs: 1_000,
  ensureSignedIn: session.ensureSignedIn,
  actor: values.agent,
});
sync.on('rejected', ({ collection, entityId, reason }) => {
  if (collection === 'tickets') markTicketRejected(db, entityId, reason);
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

// Tickets are filled in on the published forms: wait until the first pull brought them.
while ((db.prepare('SELECT COUNT(*) FROM ticket_forms').pluck().get() as number) === 0) {
  await sync.syncNow();
  await new Promise((resolve) => setTimeout(resolve, 50));
}

const ctx: TicketContext = { db, actor: session.agent, now: () => new Date() };
const pause = Number(values['pause-ms']);
for (let n = Number(readValue(db, 'settings', 'fault_ops_done') ?? 0); n < totalOps && !finishing; n++) {
  writeOp(ctx, n);
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
