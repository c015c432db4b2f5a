import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorkstationDispatch } from '../../../src-main/ipc/handlers/index.js';
import { silentLogger } from '../../../src-main/services/log.js';
import { Workstation } from '../../../src-main/services/workstation.js';
import { startApiServer, type RunningApiServer } from '../../../src-server/start.js';
import { complianceRecord, startRun } from '../../../src-shared/scripts/script-run.js';
import type { Script } from '../../../src-shared/scripts/script-schema.js';
import { snapshotDatabase } from '../../support/db-snapshot.js';
import { REPO_ROOT } from '../../support/processes.js';

let dir: string;
let server: RunningApiServer;
let ws: Workstation;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'training-sandbox-'));
  server = await startApiServer({ db: path.join(dir, 'central.db'), logger: false });
  ws = new Workstation({ profileDir: path.join(dir, 'profile'), serverUrl: server.url, embeddedServer: false, host: 'web', version: 'test', log: silentLogger, syncIntervalMs: 60_000 });
});
afterEach(async () => {
  // Let a sync run started by login or by leaving training finish before its store is closed.
  await ws.session?.sync.syncNow();
  await ws.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('training mode swaps the store every handler sees', () => {
  it('scripts published by the central API reach the workstation through sync', async () => {
    const session = await ws.login('3001', 'hotline3001');
    await session.sync.syncNow();
    const dispatch = createWorkstationDispatch(ws, silentLogger);
    const list = await dispatch('scripts.list', {});
    expect(list.ok && (list.value as unknown[]).length).toBeGreaterThanOrEqual(15);
  });

  it('work done in training lands in the sandbox; the profile store is byte-for-byte the same rows afterwards', async () => {
    const session = await ws.login('3001', 'hotline3001');
    await session.sync.syncNow();
    const dispatch = createWorkstationDispatch(ws, silentLogger);
    const realFile = path.join(dir, 'profile', 'agent-3001.db');
    const before = snapshotDatabase(realFile);

    const entered = await dispatch('training.enter', {});
    expect(entered).toEqual({ ok: true, value: { active: true, sandboxFile: path.join(dir, 'profile', 'training-3001.db') } });
    // Published content came along, so the script panel and handbook work unchanged.
    const scenarios = await dispatch('training.scenarios', {});
    expect(scenarios.ok && (scenarios.value as { scenarios: unknown[] }).scenarios.length).toBeGreaterThanOrEqual(8);
    const handbook = await dispatch('handbook.list', {});
    expect(handbook.ok && (handbook.value as unknown[]).length).toBeGreaterThan(0);
    // Handbook search works in the sandbox too (its full-text index is built, not copied).
    const search = (await dispatch('handbook.search', { query: '宽带' })) as { ok: true; value: { results: unknown[] } };
    expect(search.value.results.length).toBeGreaterThan(0);
    const script = (await dispatch('scripts.get', { id: 'broadband-fault' })) as { ok: true; value: Script };
    const record = complianceRecord(startRun(script.value, new Date()), { callId: 'training-call-1', maskedNumber: '139****2345', endedAt: new Date() }, '演练');
    expect((await dispatch('scripts.saveRun', { record, callerNumber: '13983012345' })).ok).toBe(true);
    expect(((await dispatch('scripts.runs', { limit: 10 })) as { value: unknown[] }).value).toHaveLength(1);
    // The script's ticket link opens the real form, pre-filled over the form's own defaults from the call.
    const call = { callId: 'training-call-1', number: '13983012345', startedAt: new Date(Date.now() - 60_000).toISOString() };
    const draft = (await dispatch('tickets.newDraft', { formId: 'fault', call, prefill: { faultService: 'broadband', symptoms: ['down'], priority: 'normal', colour: 'red' } })) as {
      ok: true;
      value: { id: string; values: Record<string, unknown> };
    };
    expect(draft.value.values).toMatchObject({ customerPhone: '13983012345', faultService: 'broadband', symptoms: ['down'], priority: 'normal' });
    expect(draft.value.values).not.toHaveProperty('colour');
    const values = { ...draft.value.values, title: '宽带无法上网', lightStatus: 'los', faultStart: new Date(Date.now() - 3_600_000).toISOString(), address: '龙湖时代天街', broadbandAccount: 'CQ023-88120045', region: ['cq', 'yb'], description: '光猫 LOS 红灯', callbackWanted: 'no' };
    expect((await dispatch('tickets.saveDraft', { id: draft.value.id, values, focusField: null })).ok).toBe(true);
    const submitted = await dispatch('tickets.submitDraft', { id: draft.value.id });
    expect(submitted, JSON.stringify(submitted)).toMatchObject({ ok: true });
    // The practice call's agent states stay in the sandbox: nothing reaches the centre's wallboard.
    expect(await dispatch('softphone.reportState', { status: 'talking', at: new Date().toISOString() })).toEqual({ ok: true, value: { delivered: false } });
    const clip = await dispatch('training.audio', { file: 'elderly-open.ogg' });
    expect(clip.ok && (clip.value as { mime: string }).mime).toBe('audio/ogg');
    expect((await dispatch('training.audio', { file: '../agent-3001.db' })).ok).toBe(false);

    expect((await dispatch('training.leave', {})).ok).toBe(true);
    expect(((await dispatch('scripts.runs', { limit: 10 })) as { value: unknown[] }).value).toEqual([]);
    expect(snapshotDatabase(realFile)).toEqual(before);
    const sandbox = snapshotDatabase(path.join(dir, 'profile', 'training-3001.db'));
    expect(sandbox.script_runs!.rows).toBe(1);
    expect(sandbox.tickets!.rows).toBe(1);
    expect(sandbox.agent_state_log!.rows).toBe(1);
  });

  it('after leaving training the profile store syncs again', async () => {
    const session = await ws.login('3001', 'hotline3001');
    await session.sync.syncNow();
    const dispatch = createWorkstationDispatch(ws, silentLogger);
    await dispatch('training.enter', {});
    await dispatch('training.leave', {});
    // A real agent-state change after training is queued in the profile store and pushed.
    await dispatch('softphone.reportState', { status: 'ready', at: new Date().toISOString() });
    expect(session.db.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toEqual({ n: 1 });
    await session.sync.syncNow();
    expect(session.db.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toEqual({ n: 0 });
  });

  it('signing out during training closes the sandbox and leaves the profile store usable', async () => {
    const session = await ws.login('3001', 'hotline3001');
    await session.sync.syncNow();
    ws.enterTraining();
    await ws.logout();
    expect(ws.trainingStatus().active).toBe(false);
    const again = await ws.login('3001', 'hotline3001');
    expect(again.db.prepare('SELECT COUNT(*) AS n FROM script_runs').get()).toEqual({ n: 0 });
  });

  it('a broken scenario file is skipped with its problem; the others still load', async () => {
    const session = await ws.login('3001', 'hotline3001');
    await session.sync.syncNow();
    const trainingCopy = path.join(dir, 'training');
    cpSync(path.join(REPO_ROOT, 'seeds/training'), trainingCopy, { recursive: true });
    const broken = JSON.parse(readFileSync(path.join(trainingCopy, 'suspend-before-abroad.json'), 'utf8')) as { rubric: { ticket: number } };
    broken.rubric.ticket = 99;
    writeFileSync(path.join(trainingCopy, 'suspend-before-abroad.json'), JSON.stringify(broken));
    writeFileSync(path.join(trainingCopy, 'not-json.json'), '{');
    const dispatch = createWorkstationDispatch(ws, silentLogger, { trainingDir: trainingCopy });
    const result = (await dispatch('training.scenarios', {})) as { ok: true; value: { scenarios: { id: string }[]; problems: { file: string; path: string }[] } };
    expect(result.value.scenarios.map((scenario) => scenario.id)).not.toContain('suspend-before-abroad');
    expect(result.value.scenarios).toHaveLength(7);
    expect(result.value.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ file: 'suspend-before-abroad.json', path: 'rubric' }), expect.objectContaining({ file: 'not-json.json' })]),
    );
  });
});
