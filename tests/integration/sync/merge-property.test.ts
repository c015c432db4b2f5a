import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation, PushResult } from '../../../src-shared/sync/protocol.js';
import { diffPaths } from '../../../src-shared/sync/patch-paths.js';
import type { TicketDocument } from '../../../src-shared/tickets/ticket.js';
import { DEFAULT_SEEDS_DIR } from '../../../src-server/seed/load-seeds.js';
import { readTicketSeeds } from '../../../src-server/seed/ticket-seeds.js';
import { PostgresStorage } from '../../../src-server/storage/postgres-storage.js';
import { SqliteStorage } from '../../../src-server/storage/sqlite-storage.js';
import type { Pusher, StoredDocument } from '../../../src-server/storage/storage.js';
import { createDecider, type DocumentRules } from '../../../src-server/sync/decide.js';
import { ticketRules } from '../../../src-server/tickets/ticket-rules.js';
import { startPostgres, type ThrowawayPostgres } from '../../support/postgres.js';
import { seededRandom } from '../../support/seeded-random.js';
import { createTicketMutation, ticketDocument } from '../../support/ticket-documents.js';

// Property: random concurrent edit sequences of a real ticket (three workstations of two agents,
// each editing its own copy, pushing and pulling at random) through the push decider with the
// central API's ticket rules. The oracle is independent of the decider's field history: a log of
// the writes the server applied. No edit is lost unless it was reported as a conflict; a conflict
// is reported exactly when another workstation wrote an overlapping path after the edit's base,
// to a different value; and SQLite and PostgreSQL storage end with the very same tickets.

const seeds = readTicketSeeds(DEFAULT_SEEDS_DIR);
const rules: DocumentRules = { tickets: ticketRules({ forms: seeds.forms, codeTrees: seeds.codeTrees }) };
const zhang: Omit<Pusher, 'clientId'> = { agentId: '1001', team: '宽带一组', role: 'agent', name: '张敏' };
const liu: Omit<Pusher, 'clientId'> = { agentId: '1002', team: '宽带一组', role: 'agent', name: '刘洋' };
const WORKSTATIONS: Pusher[] = [
  { ...zhang, clientId: 'ws-1001-laptop' },
  { ...zhang, clientId: 'ws-1001-desk' }, // the same agent on another workstation is another writer
  { ...liu, clientId: 'ws-1002-laptop' },
];
const TEAMS = ['宽带一组', '宽带二组', '装维班'];

type Data = Record<string, unknown>;
/** Applies one patch the plain way (the oracle does not use the code under test). */
function oracleApply(data: Data, patch: Data): Data {
  const next = structuredClone(data);
  for (const [key, value] of Object.entries(patch)) {
    const [head, leaf] = key.split('.');
    if (leaf === undefined) next[head!] = structuredClone(value);
    else (next[head!] as Data)[leaf] = structuredClone(value);
  }
  return next;
}
const valueAt = (data: Data, key: string) => {
  const [head, leaf] = key.split('.');
  return leaf === undefined ? data[head!] : (data[head!] as Data | undefined)?.[leaf];
};
const overlap = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What a server does with one push, whichever storage it keeps. */
type Apply = (pusher: Pusher, mutation: Mutation, now: Date) => Promise<{ result: PushResult; current: { rev: number; data: Data } }>;

function pureServer(): Apply {
  const documents = new Map<string, StoredDocument>();
  return async (pusher, mutation, now) => {
    const decision = createDecider(pusher, { rules, now: () => now })(documents.get(mutation.id), mutation);
    if (decision.status === 'applied' && decision.write) documents.set(mutation.id, { collection: 'tickets', id: mutation.id, ...decision.write });
    const result = decision.status === 'applied' ? { mutationId: mutation.mutationId, status: 'applied' as const, rev: decision.rev } : decision.result;
    const stored = documents.get(mutation.id)!;
    return { result, current: { rev: stored.rev, data: stored.data! } };
  };
}

function storageServer(storage: SqliteStorage | PostgresStorage): Apply {
  return async (pusher, mutation, now) => {
    const [result] = await storage.applyMutations(pusher, [mutation], createDecider(pusher, { rules, now: () => now }));
    const stored = (await storage.getDocument('tickets', mutation.id))!;
    return { result: result!, current: { rev: stored.rev, data: stored.data as Data } };
  };
}

interface Outcome {
  statuses: string[];
  final: { rev: number; data: Data };
  conflicts: number;
}

/** One random sequence; the ids and values come from the seed so every storage replays the same one. */
async function runSequence(seed: number, apply: Apply, steps = 40): Promise<Outcome> {
  const random = seededRandom(seed);
  const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const id = `0190${seed.toString(16).padStart(4, '0')}-0000-7000-8000-${'0'.repeat(12)}`;
  const clock = (step: number) => new Date(Date.UTC(2026, 10, 23, 8, 0, step));
  const doc: TicketDocument = ticketDocument(id);
  const created = await apply(WORKSTATIONS[0]!, { ...createTicketMutation(doc), mutationId: `0190${seed.toString(16).padStart(4, '0')}-0000-7000-8000-000000000000` }, clock(0));
  expect(created.result.status).toBe('applied');

  const log: { rev: number; clientId: string; paths: string[] }[] = [];
  let server = created.current;
  let expected = structuredClone(server.data);
  const copies = WORKSTATIONS.map(() => ({ base: server.rev, working: structuredClone(server.data), queue: [] as { mutation: Mutation; intended: Data }[] }));
  const statuses: string[] = [];
  let conflicts = 0;
  let counter = 0;

  for (let step = 1; step <= steps; step++) {
    const who = Math.floor(random() * WORKSTATIONS.length);
    const copy = copies[who]!;
    const pusher = WORKSTATIONS[who]!;
    const action = random();
    if (action < 0.5) {
      // An edit of one or two things on the form, as the ticket service sends it (changed paths only).
      const edited = structuredClone(copy.working);
      for (let n = 0; n < 1 + Math.floor(random() * 2); n++) {
        const what = pick(['fields.description', 'fields.answer', 'assignee', 'callbackAt', 'wholeFields'] as const);
        const mark = `${pusher.clientId}#${++counter}`;
        if (what === 'assignee') edited.assignee = { team: pick(TEAMS), agentId: null, name: null };
        else if (what === 'callbackAt') edited.callbackAt = new Date(Date.UTC(2026, 11, 1, counter % 24)).toISOString();
        else if (what === 'wholeFields') (edited.fields as Data).description = `整张表单（旧版本客户端） ${mark}`;
        else (edited.fields as Data)[what.split('.')[1]!] = `${what} ${mark}`;
      }
      // An older build sends the whole form as one `fields` value; today's sends each changed field.
      const patch = random() < 0.15 ? { ...diffPaths(copy.working, edited, []) } : diffPaths(copy.working, edited, ['fields']);
      if (Object.keys(patch).length === 0) continue;
      copy.working = edited;
      copy.queue.push({ mutation: { mutationId: uuidv7(), collection: 'tickets', id, baseRev: copy.base, op: 'update', patch }, intended: patch });
    } else if (action < 0.8) {
      // Push the queue in order.
      while (copy.queue.length > 0) {
        const { mutation } = copy.queue.shift()!;
        const effective = Object.keys(mutation.patch).filter((key) => !same(valueAt(server.data, key), mutation.patch[key]));
        const contested = effective.filter((key) => log.some((write) => write.rev > mutation.baseRev! && write.clientId !== pusher.clientId && write.paths.some((path) => overlap(path, key))));
        const { result, current } = await apply(pusher, mutation, clock(step));
        statuses.push(result.status);
        if (contested.length > 0) {
          expect(result, `seed ${seed} step ${step}: ${contested.join(',')} was written by a colleague after rev ${mutation.baseRev}`).toMatchObject({ status: 'conflict', conflictFields: contested });
          expect(current).toEqual(server); // nothing of it applied
          conflicts++;
          // The agent sees the colleague's copy; half the time they keep their own values (a new update on that rev).
          copy.base = current.rev;
          copy.working = structuredClone(current.data);
          const keepMine = random() < 0.5;
          for (const pending of copy.queue) pending.mutation.baseRev = current.rev;
          if (keepMine) copy.queue.unshift({ mutation: { ...mutation, mutationId: uuidv7(), baseRev: current.rev }, intended: mutation.patch });
          copy.working = copy.queue.reduce((data, pending) => oracleApply(data, pending.mutation.patch), copy.working);
          break;
        }
        expect(result.status, `seed ${seed} step ${step}: ${JSON.stringify(result.error ?? result.conflictFields)}`).toBe('applied');
        if (effective.length > 0) {
          expected = oracleApply(expected, Object.fromEntries(effective.map((key) => [key, mutation.patch[key]])));
          log.push({ rev: current.rev, clientId: pusher.clientId, paths: effective });
          expect(current.rev).toBe(server.rev + 1);
        } else expect(current.rev).toBe(server.rev);
        server = current;
        const { updatedAt: _stamped, ...rest } = server.data;
        const { updatedAt: _mine, ...wanted } = expected;
        expect(rest, `seed ${seed} step ${step}: the server lost an applied edit`).toEqual(wanted);
      }
    } else {
      // Pull: the workstation sees the server's copy, with its unpushed edits on top.
      copy.base = server.rev;
      copy.working = copy.queue.reduce((data, pending) => oracleApply(data, pending.mutation.patch), structuredClone(server.data));
      for (const pending of copy.queue) pending.mutation.baseRev = server.rev;
    }
  }
  return { statuses, final: server, conflicts };
}

describe('the push merge, as a property over random concurrent edits of a real ticket', () => {
  it('loses no edit unless it reports a conflict, and reports one exactly when a colleague wrote the same path since the base', async () => {
    let conflicts = 0;
    let pushes = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const outcome = await runSequence(seed, pureServer());
      conflicts += outcome.conflicts;
      pushes += outcome.statuses.length;
    }
    // The sequences must exercise both outcomes, or the property says nothing.
    expect(pushes).toBeGreaterThan(600);
    expect(conflicts).toBeGreaterThan(20);
    expect(conflicts).toBeLessThan(pushes / 2);
  });
});

describe('the same sequences on SQLite and PostgreSQL storage', () => {
  let dir: string;
  let postgres: ThrowawayPostgres;
  let sqlite: SqliteStorage;
  let postgresStorage: PostgresStorage;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-merge-'));
    postgres = await startPostgres();
    sqlite = new SqliteStorage(path.join(dir, 'central.db'));
    postgresStorage = await PostgresStorage.open(postgres.createDatabase('merge_property'));
  }, 60_000);
  afterAll(async () => {
    await sqlite?.close();
    await postgresStorage?.close();
    postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends with the same answers and the same ticket as the pure merge', async () => {
    for (let seed = 101; seed <= 108; seed++) {
      const pure = await runSequence(seed, pureServer());
      const onSqlite = await runSequence(seed, storageServer(sqlite));
      const onPostgres = await runSequence(seed, storageServer(postgresStorage));
      expect(onSqlite).toEqual(pure);
      expect(onPostgres).toEqual(pure);
    }
  });
});
