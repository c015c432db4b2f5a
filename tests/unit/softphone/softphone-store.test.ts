// The softphone store against a fake line (the test plays the far end) and main's real call
// handlers: requests go through the IPC dispatcher's zod parsing into a real SQLite profile store,
// so what the agent's call log holds is read back from the file, not from the store under test.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../../src-main/ipc/dispatcher.js';
import { callHandlers } from '../../../src-main/ipc/handlers/calls.js';
import { getCall } from '../../../src-main/services/calls/call-store.js';
import { silentLogger } from '../../../src-main/services/log.js';
import { openStore, type Db } from '../../../src-main/services/store/open-store.js';
import type { Workstation } from '../../../src-main/services/workstation.js';
import type { AgentStateReport } from '../../../src-shared/domain/softphone.js';
import { SipAccount, SoftphoneConfig } from '../../../src-shared/domain/softphone.js';
import type { Line } from '../../../src-renderer/features/softphone/line.js';
import type { CallMediaStats } from '../../../src-renderer/features/softphone/line.js';
import type { Every } from '../../../src-renderer/features/softphone/quality-monitor.js';
import { createSoftphoneStore, type Invoke, type SoftphoneStore } from '../../../src-renderer/features/softphone/softphone-store.js';
import { FakeClock, FakeLine } from './fake-line.js';

const account = SipAccount.parse({ wsUrl: 'ws://127.0.0.1:5066', user: '1001', domain: 'hotline.test', displayName: '张敏' });
const config = SoftphoneConfig.parse({ afterCallWorkSeconds: 30, notReadyReasons: [{ code: 'break', zh: '小休', en: 'Break' }] });

// Today, so the KPIs (counted over the local day) include the calls; the times below are offsets from it.
const T0 = new Date(new Date().setHours(1, 0, 0, 0)).getTime();
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

/** Settles every promise the store started (main's handlers answer synchronously under the hood). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

let dir: string;
let file: string;
let db: Db;
let clock: FakeClock;
let lines: FakeLine[];
let reports: AgentStateReport[];
let ticks: (() => void)[];
let softphone: SoftphoneStore;

function makeStore(): SoftphoneStore {
  const ws = { requireSession: () => ({ db, agent: { team: '宽带组' } }) } as unknown as Workstation;
  const handlers = {
    ...callHandlers(ws),
    'softphone.account': () => ({ account, hasPassword: true, config, source: 'server' }),
    'softphone.reportState': (report: AgentStateReport) => {
      reports.push(report);
      return { delivered: true };
    },
  } as unknown as Handlers;
  const dispatch = createDispatcher(handlers, silentLogger);
  const invoke = ((channel, request) => dispatch(channel, request)) as Invoke;
  const every: Every = (task) => {
    ticks.push(task);
    return () => (ticks = ticks.filter((other) => other !== task));
  };
  const saved = new Map<string, string>();
  return createSoftphoneStore({
    invoke,
    clock,
    every,
    reloadForSipServer: () => false,
    prefs: { devices: () => ({}), saveDevices: () => {}, dtmfMode: () => null, saveDtmfMode: (mode) => saved.set('dtmf', mode) },
    createLine: () => {
      const line = new FakeLine(clock);
      lines.push(line);
      return line;
    },
  });
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-softphone-store-'));
  file = path.join(dir, 'agent-1001.db');
  db = openStore(file);
  clock = new FakeClock(T0);
  lines = [];
  reports = [];
  ticks = [];
  softphone = makeStore();
  await softphone.getState().start();
  await settle();
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const line = () => lines.at(-1)!;
const state = () => softphone.getState();
const readyAgent = async () => {
  state().goReady();
  await settle();
};

describe('signing the line in', () => {
  it("builds the agent's own line from the account main provisions, registers it and leaves the agent not ready", () => {
    expect(lines).toHaveLength(1);
    expect(line().requests).toEqual(['register']);
    expect(state()).toMatchObject({ registration: 'registered', transport: 'connected', accountSource: 'server', account: { user: '1001' } });
    expect(state().agent.status).toBe('notReady');
    expect(reports.map((report) => report.status)).toEqual(['notReady']);
  });
});

describe('a customer call from ring to wrap-up', () => {
  it('rings, is answered, held, ended; the call log holds its times and the after-call work', async () => {
    await readyAgent();
    const call = line().ring('13812341234');
    await settle();
    expect(state()).toMatchObject({ activeCallId: call.id, agent: { status: 'ringing' } });
    expect(state().screenPop).toMatchObject({ number: '13812341234', pop: { recentTickets: [] } });

    clock.pass(4);
    await state().answer();
    await settle();
    expect(state().agent.status).toBe('talking');
    // Saved on connect, so a ticket made during the call can be linked to it.
    expect(getCall(db, call.id)).toMatchObject({ answerAt: at(4), endAt: null, disposition: 'answered' });

    clock.pass(30);
    await state().toggleHold();
    expect(state().calls[call.id]?.state).toBe('held');
    clock.pass(12);
    await state().toggleHold();
    clock.pass(44);
    await state().hangup();
    await settle();

    expect(state()).toMatchObject({ activeCallId: null, calls: {}, agent: { status: 'afterCallWork' }, wrapUp: { id: call.id } });
    expect(getCall(db, call.id)).toMatchObject({
      ringAt: at(0),
      endAt: at(90),
      holdSeconds: 12,
      afterCallWorkSeconds: 0,
      disposition: 'answered',
    });

    clock.pass(17);
    state().goReady();
    await settle();
    expect(state()).toMatchObject({ wrapUp: null, agent: { status: 'ready' } });
    expect(getCall(db, call.id)?.afterCallWorkSeconds).toBe(17);
    expect(state().kpis).toMatchObject({ callsToday: 1 });
    expect(state().unsavedCalls).toEqual([]);
    expect(reports.map((report) => report.status)).toEqual(['notReady', 'ready', 'ringing', 'talking', 'afterCallWork', 'ready']);
    expect(line().requests).toEqual(['register', `answer ${call.id}`, `hold ${call.id} true`, `hold ${call.id} false`, `hangup ${call.id}`]);
  });

  it('after-call work ends on its own when the centre\'s timer runs out', async () => {
    await readyAgent();
    const call = line().ring();
    await state().answer();
    clock.pass(60);
    line().farEndHangsUp(call.id);
    await settle();
    clock.pass(31);
    state().tick();
    await settle();
    expect(state().agent.status).toBe('ready');
    expect(getCall(db, call.id)?.afterCallWorkSeconds).toBe(31);
  });

  it('a caller who gives up while it rings is logged abandoned and the agent is ready again, with no wrap-up', async () => {
    await readyAgent();
    const call = line().ring();
    clock.pass(20);
    line().farEndHangsUp(call.id);
    await settle();
    expect(state()).toMatchObject({ agent: { status: 'ready' }, wrapUp: null, activeCallId: null });
    expect(getCall(db, call.id)).toMatchObject({ answerAt: null, disposition: 'abandoned' });
  });

  it('the agent rejects a ringing call: 603 Decline, logged rejected', async () => {
    await readyAgent();
    const call = line().ring();
    await state().reject();
    await settle();
    expect(line().requests.at(-1)).toBe(`reject ${call.id} 603`);
    expect(getCall(db, call.id)?.disposition).toBe('rejected');
  });
});

describe('only a ready agent rings', () => {
  it('a call to a not-ready agent is refused 486 before it rings and logged busy; the agent stays not ready', async () => {
    const call = line().ring();
    await settle();
    expect(line().requests.at(-1)).toBe(`reject ${call.id} 486`);
    expect(state()).toMatchObject({ activeCallId: null, agent: { status: 'notReady' } });
    expect(getCall(db, call.id)).toMatchObject({ disposition: 'busy', answerAt: null });
  });

  it('a second customer while on a call gets 486; the first call is untouched', async () => {
    await readyAgent();
    const first = line().ring();
    await state().answer();
    const second = line().ring('13900001111');
    await settle();
    expect(line().requests.at(-1)).toBe(`reject ${second.id} 486`);
    expect(state()).toMatchObject({ activeCallId: first.id, agent: { status: 'talking' } });
    expect(Object.keys(state().calls)).toEqual([first.id]);
    expect(getCall(db, second.id)?.disposition).toBe('busy');
  });
});

describe('outbound calls', () => {
  it('a number that does not exist (404) is logged failed', async () => {
    await state().dial('02500000000');
    const [call] = [...line().calls.values()];
    expect(state().agent.status).toBe('talking');
    line().farEndRefuses(call!.id, 404);
    await settle();
    expect(getCall(db, call!.id)).toMatchObject({ direction: 'outbound', disposition: 'failed' });
  });

  it('answered by the far end, then blind-transferred: answered, with the agent in wrap-up', async () => {
    await state().dial('10086');
    const [call] = [...line().calls.values()];
    clock.pass(5);
    line().farEndAnswers(call!.id);
    clock.pass(40);
    await state().blindTransfer(' 8002 ');
    await settle();
    expect(line().requests.at(-1)).toBe(`transfer ${call!.id} 8002`);
    expect(getCall(db, call!.id)).toMatchObject({ answerAt: at(5), endAt: at(45), disposition: 'answered' });
    expect(state().agent.status).toBe('afterCallWork');
  });
});

describe('a call record main cannot save', () => {
  it('is shown to the agent with main\'s message and kept; a retry once the store is back saves it and clears the notice', async () => {
    await readyAgent();
    const call = line().ring();
    await state().answer();
    clock.pass(50);
    db.close(); // the profile store goes away under the call (disk gone, file locked)
    await state().hangup();
    await settle();
    expect(state().unsavedCalls).toEqual([{ record: expect.objectContaining({ id: call.id, disposition: 'answered', endAt: at(50) }), error: expect.objectContaining({ code: 'INTERNAL', message: expect.stringMatching(/database connection is not open/) }) }]);

    db = openStore(file);
    // The connect-time record reached the file before it closed; the end did not.
    expect(getCall(db, call.id)?.endAt).toBeNull();
    await state().retryUnsavedCalls();
    expect(state().unsavedCalls).toEqual([]);
    expect(getCall(db, call.id)).toMatchObject({ endAt: at(50), disposition: 'answered' });
  });

  it('keeps only the newest record of each call, and a later save of that call that succeeds clears it', async () => {
    await readyAgent();
    const call = line().ring();
    db.close();
    await state().answer();
    await settle();
    expect(state().unsavedCalls.map((unsaved) => unsaved.record.endAt)).toEqual([null]);
    db = openStore(file);
    clock.pass(30);
    await state().hangup();
    await settle();
    expect(state().unsavedCalls).toEqual([]);
    expect(getCall(db, call.id)?.endAt).toBe(at(30));
  });

  it('a refused request (the contract rejects the record) is shown too', async () => {
    await readyAgent();
    const call = line().ring('1'.repeat(70)); // longer than CallRecord.number allows
    await settle();
    clock.pass(3);
    line().farEndHangsUp(call.id);
    await settle();
    expect(state().unsavedCalls).toEqual([{ record: expect.objectContaining({ id: call.id }), error: expect.objectContaining({ code: 'VALIDATION', message: 'Invalid request for calls.save' }) }]);
  });
});

describe('live quality', () => {
  it("samples the call's media while it is connected and stops when it ends", async () => {
    let packets = 0;
    let lost = 0;
    const stats = (): CallMediaStats => ({ bytesReceived: 0, bytesSent: 0, packetsReceived: (packets += 90), packetsLost: (lost += 10), jitter: 0.03 });
    line().stats = async () => stats();
    await readyAgent();
    const call = line().ring();
    expect(ticks).toHaveLength(0);
    await state().answer();
    expect(ticks).toHaveLength(1);
    for (let i = 0; i < 3; i++) {
      ticks[0]!();
      await settle();
    }
    expect(state().quality.mos).toBeLessThan(3.5);
    expect(state().quality.low).toBe(true);
    line().farEndHangsUp(call.id);
    await settle();
    expect(ticks).toHaveLength(0);
  });
});

describe('the line behind the call bar', () => {
  it('training borrows the bar with its own line; start() leaves a borrowed line in place, and the real one comes back', async () => {
    const real = state().line;
    const training = new FakeLine(clock, 'simulated');
    expect(state().setLine(training)).toBe(real);
    await state().start();
    expect(lines).toHaveLength(1);
    expect(state().line).toBe(training);
    // Calls on the borrowed line go through the same store.
    await readyAgent();
    const call = training.ring('18996054321');
    await state().answer();
    await state().hangup();
    await settle();
    expect(getCall(db, call.id)?.disposition).toBe('answered');
    expect(state().setLine(real)).toBe(training);
    // Back on the account's line, a new start() replaces it (settings changed) and disposes the old one.
    await state().start();
    expect(lines).toHaveLength(2);
    expect((real as FakeLine).disposed).toBe(true);
    expect(state().line).toBe(lines[1]);
  });

  it('two stores share nothing: a call on one leaves the other idle', async () => {
    const mine = line();
    const other = makeStore();
    await other.getState().start();
    await settle();
    await readyAgent();
    other.getState().goReady();
    mine.ring();
    await settle();
    expect(state().activeCallId).not.toBeNull();
    expect(other.getState().activeCallId).toBeNull();
    expect(other.getState().line).not.toBe(state().line as Line);
  });

  it('stop() signs the agent out and disposes the line', async () => {
    const current = line();
    await state().stop();
    expect(current.disposed).toBe(true);
    expect(state()).toMatchObject({ line: null, agent: { status: 'offline' } });
  });
});
