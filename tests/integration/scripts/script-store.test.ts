import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchScripts } from '../../../src-renderer/features/scripts/search.js';
import { readScriptDir } from '../../../src-node/content/content-dir.js';
import { applyScriptChange, getScript, getScriptRun, listScriptRuns, listScripts, rejectedScripts, saveScriptRun, suggestScript } from '../../../src-main/services/scripts/script-store.js';
import { callHistory } from '../../../src-main/services/calls/call-history.js';
import { annotateCall, getCall, saveCall } from '../../../src-main/services/calls/call-store.js';
import { openStore, type Db, workstationMigrations } from '../../../src-main/services/store/open-store.js';
import { complianceRecord, startRun, advance } from '../../../src-shared/scripts/script-run.js';
import { REPO_ROOT } from '../../support/processes.js';

const scripts = readScriptDir(path.join(REPO_ROOT, 'seeds/scripts')).items;
let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'script-store-'));
  db = openStore(path.join(dir, 'agent-1001.db'));
  db.transaction(() => scripts.forEach((script, index) => applyScriptChange(db, { collection: 'scripts', id: script.id, rev: index + 1, deleted: false, data: script })))();
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('scripts kept in the local store', () => {
  it('migration 050 adds the scripts and script_runs tables to a store made before it', () => {
    const before = workstationMigrations().filter((migration) => migration.version < 50);
    const old = openStore(path.join(dir, 'old.db'), { migrations: before });
    old.close();
    const upgraded = openStore(path.join(dir, 'old.db'));
    const tables = (upgraded.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name);
    expect(tables).toEqual(expect.arrayContaining(['scripts', 'script_runs']));
    upgraded.close();
  });

  it('pulled scripts are listed and read back whole; a deletion removes one', () => {
    expect(listScripts(db)).toHaveLength(scripts.length);
    expect(getScript(db, 'number-portability').steps.map((step) => step.stage)).toContain('handle');
    applyScriptChange(db, { collection: 'scripts', id: 'lost-phone', rev: 99, deleted: true, data: null });
    expect(listScripts(db).map((script) => script.id)).not.toContain('lost-phone');
  });

  it('a pulled script this build cannot read is kept aside; the version before stays in use', () => {
    const newer = { ...getScript(db, 'real-name'), version: 99, steps: [{ id: 'greeting', stage: 'greeting', kind: 'video' }] };
    expect(() => applyScriptChange(db, { collection: 'scripts', id: 'real-name', rev: 200, deleted: false, data: newer })).not.toThrow();
    expect(getScript(db, 'real-name').version).toBeLessThan(99);
    expect(rejectedScripts(db)).toEqual([{ id: 'real-name', rev: 200, error: expect.stringContaining('steps.0') }]);
    applyScriptChange(db, { collection: 'scripts', id: 'real-name', rev: 201, deleted: false, data: { ...getScript(db, 'real-name'), version: 100 } });
    expect(rejectedScripts(db)).toEqual([]);
    expect(getScript(db, 'real-name').version).toBe(100);
  });

  it('search finds scenarios by title, keyword, full pinyin and pinyin initials', () => {
    const summaries = listScripts(db);
    const titles = (query: string) => searchScripts(summaries, query).map((script) => script.title);
    expect(titles('kd').slice(0, 4)).toEqual(expect.arrayContaining(['宽带故障报修', '宽带网速慢', '宽带移机']));
    expect(titles('xhzw')[0]).toBe('携号转网咨询');
    expect(titles('xjqf')[0]).toBe('虚假欠费投诉');
    expect(titles('kuandai')).toContain('宽带故障报修');
    expect(titles('光猫')).toEqual(['宽带故障报修']);
    expect(titles('zzzz')).toEqual([]);
  });

  it('a compliance record is stored with the call and queued for sync in the same transaction', () => {
    const script = getScript(db, 'bill-inquiry');
    const run = advance(startRun(script, new Date('2026-11-23T09:00:00Z')), new Date('2026-11-23T09:00:05Z'));
    if (!run.ok) throw new Error(run.reason);
    const record = complianceRecord(run.state, { callId: 'call-42', maskedNumber: '139****2345', endedAt: new Date('2026-11-23T09:03:00Z') }, '客户挂机');
    saveScriptRun(db, record, '13983012345');

    expect(getScriptRun(db, 'call-42')).toMatchObject({ scriptTitle: '话费账单查询', stepsDone: 1, skippedRequired: 5 });
    expect(listScriptRuns(db, 10).map((summary) => summary.callId)).toEqual(['call-42']);
    const outbox = db.prepare('SELECT collection, entity_id, op, payload FROM outbox').all() as { collection: string; entity_id: string; op: string; payload: string }[];
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ collection: 'calls', entity_id: 'call-42', op: 'create' });
    const payload = JSON.parse(outbox[0]!.payload) as { patch: { scriptCompliance: { maskedNumber: string } } };
    expect(payload.patch.scriptCompliance.maskedNumber).toBe('139****2345');
    expect(outbox[0]!.payload).not.toContain('13983012345');

    expect(suggestScript(db, '13983012345')).toBe('bill-inquiry');
    expect(suggestScript(db, '13900000000')).toBeNull();
  });

  it('when the softphone recorded the call, the record lands on the call row and syncs as its update', () => {
    saveCall(db, {
      id: 'call-44',
      direction: 'inbound',
      number: '13983012345',
      ringAt: '2026-11-23T09:00:00.000Z',
      answerAt: '2026-11-23T09:00:03.000Z',
      endAt: '2026-11-23T09:03:00.000Z',
      holdSeconds: 0,
      afterCallWorkSeconds: 0,
      disposition: 'answered',
      ticketId: null,
      scriptCompliance: null,
    });
    const record = complianceRecord(startRun(getScript(db, 'bill-inquiry'), new Date()), { callId: 'call-44', maskedNumber: '139****2345', endedAt: new Date() }, null);
    saveScriptRun(db, record, '13983012345');
    expect(getCall(db, 'call-44')!.scriptCompliance).toMatchObject({ scriptId: 'bill-inquiry', maskedNumber: '139****2345' });
    const ops = db.prepare("SELECT op FROM outbox WHERE entity_id = 'call-44' ORDER BY seq").pluck().all();
    expect(ops).toEqual(['create', 'update']);
    // The softphone saving the call again after wrap-up keeps the record.
    saveCall(db, { ...getCall(db, 'call-44')!, afterCallWorkSeconds: 30, scriptCompliance: null });
    expect(getCall(db, 'call-44')!.scriptCompliance).toMatchObject({ scriptId: 'bill-inquiry' });
  });

  it('the call history lists every call newest first, number masked, with its talk time, ticket and compliance record', () => {
    const call = (id: string, number: string, ringAt: string, answered: boolean) => ({
      id,
      direction: 'inbound' as const,
      number,
      ringAt,
      answerAt: answered ? new Date(Date.parse(ringAt) + 4_000).toISOString() : null,
      endAt: new Date(Date.parse(ringAt) + 190_000).toISOString(),
      holdSeconds: 0,
      afterCallWorkSeconds: 0,
      disposition: answered ? ('answered' as const) : ('missed' as const),
      ticketId: null,
      scriptCompliance: null,
    });
    saveCall(db, call('call-50', '13983012345', '2026-11-23T09:00:00.000Z', true));
    saveCall(db, call('call-51', '13700001111', '2026-11-23T09:10:00.000Z', false));
    // The script run of the newest call is saved before the softphone records the call.
    const run = advance(startRun(getScript(db, 'bill-inquiry'), new Date('2026-11-23T09:20:05Z')), new Date('2026-11-23T09:20:09Z'));
    if (!run.ok) throw new Error(run.reason);
    saveScriptRun(db, complianceRecord(run.state, { callId: 'call-52', maskedNumber: '189****4321', endedAt: new Date('2026-11-23T09:23:00Z') }, '客户挂机'), '18900004321');
    saveCall(db, call('call-52', '18900004321', '2026-11-23T09:20:00.000Z', true));
    annotateCall(db, 'call-52', { ticketId: 'TK-20261123-0001' });

    const history = callHistory(db, 10);
    expect(history.map((entry) => [entry.id, entry.maskedNumber, entry.disposition, entry.talkSeconds, entry.ticketId, entry.ticketNumber])).toEqual([
      // The ticket is not in this store (never pulled, or purged by local retention): no number to show.
      ['call-52', '189****4321', 'answered', 186, 'TK-20261123-0001', null],
      ['call-51', '137****1111', 'missed', null, null, null],
      ['call-50', '139****2345', 'answered', 186, null, null],
    ]);
    expect(history[0]!.script).toMatchObject({ scriptTitle: '话费账单查询', stepsDone: 1, skippedRequired: 5, record: { maskedNumber: '189****4321' } });
    expect(history.slice(1).map((entry) => entry.script)).toEqual([null, null]);
    expect(JSON.stringify(history)).not.toMatch(/18900004321|13700001111|13983012345/);
    expect(callHistory(db, 1).map((entry) => entry.id)).toEqual(['call-52']);
  });

  it('a record that fails to store leaves no outbox entry behind', () => {
    db.exec("CREATE TRIGGER refuse BEFORE INSERT ON script_runs BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    const record = complianceRecord(startRun(getScript(db, 'bill-inquiry'), new Date()), { callId: 'call-43', maskedNumber: '', endedAt: new Date() }, null);
    expect(() => saveScriptRun(db, record, '1')).toThrow('disk full');
    expect(db.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toEqual({ n: 0 });
  });
});
