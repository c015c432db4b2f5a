import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../src-main/services/api/api-client.js';
import { applyHandbookChange } from '../../../src-main/services/handbook/handbook-store.js';
import { allMatchingIds } from '../../../src-main/services/handbook/search.js';
import { silentLogger } from '../../../src-main/services/log.js';
import { openStore, type Db } from '../../../src-main/services/store/open-store.js';
import { OUTBOX_SCHEMA_VERSION, OUTBOX_UPGRADES, upgradeOutbox } from '../../../src-main/services/sync/outbox.js';
import { SyncService, type RejectedWrite } from '../../../src-main/services/sync/sync-service.js';
import { startApiServer, type RunningApiServer } from '../../../src-server/start.js';
import { applyPracticeTicket, practiceTicketWriter, readLocalTickets } from './engine-entity.js';

// The engine's own rule for its generic entity, instead of the published ticket forms.
const ENGINE_VALIDATORS = { tickets: (doc: Record<string, unknown>) => (typeof doc.title === 'string' && doc.title.trim() ? null : '工单标题不能为空') };

let dir: string;
let server: RunningApiServer;
const open: { sync: SyncService; db: Db }[] = [];

async function workstation(agentId: string, options: Partial<ConstructorParameters<typeof SyncService>[0]> = {}, name = agentId) {
  const db = openStore(path.join(dir, `agent-${name}.db`));
  const api = new ApiClient({ baseUrl: server.url, timeoutMs: 5_000 });
  await api.login(agentId, `hotline${agentId}`);
  const sync = new SyncService({ db, api, appliers: { tickets: applyPracticeTicket }, log: silentLogger, intervalMs: 60_000, writeDebounceMs: 50, actor: agentId, ...options });
  const writer = practiceTicketWriter(db);
  open.push({ sync, db });
  return { db, sync, writer, api };
}

const pendingOf = (db: Db) => db.prepare('SELECT COUNT(*) FROM outbox').pluck().get() as number;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-sync-'));
  server = await startApiServer({
    db: path.join(dir, 'central.db'),
    rateLimit: false,
    validators: ENGINE_VALIDATORS,
  });
});
afterEach(async () => {
  for (const { sync, db } of open.splice(0)) {
    await sync.stop();
    db.close();
  }
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sync engine against a real central API', () => {
  it('an agent writes tickets offline; once the server is reachable they exist once on the server, notes in order', async () => {
    const { db, sync, writer } = await workstation('1001');
    writer.create('T-1', { title: '宽带断网', status: 'open' });
    writer.appendNote('T-1', { text: '已指导重启光猫' });
    writer.update('T-1', { status: 'in_progress' });
    writer.appendNote('T-1', { text: '已派单装维' });
    expect(sync.getStatus().pending).toBe(0); // not started: the counts refresh on the next status update
    const status = await sync.syncNow();
    expect(status).toMatchObject({ online: true, pending: 0, deadLetters: 0, conflicts: 0, lastError: null });
    const onServer = await server.storage.getDocument('tickets', 'T-1');
    expect(onServer).toMatchObject({ rev: 4, data: { title: '宽带断网', status: 'in_progress', notes: [{ text: '已指导重启光猫' }, { text: '已派单装维' }] } });
    expect(readLocalTickets(db).get('T-1')).toEqual(onServer!.data);
    await sync.syncNow();
    expect(await server.storage.countAppliedMutations()).toBe(4);
  });

  it("wakes by itself shortly after a local write, and a colleague's workstation hears the poke and pulls", async () => {
    const zhang = await workstation('1001');
    const li = await workstation('1002');
    zhang.sync.start();
    li.sync.start();
    await expect.poll(() => li.sync.getStatus().online, { timeout: 5_000 }).toBe(true);
    zhang.writer.create('T-2', { title: '光猫LOS灯红', status: 'open' });
    // The timer is 60 s: only the debounced local-write wake and the server's poke can make this fast.
    await expect.poll(() => readLocalTickets(li.db).get('T-2')?.title, { timeout: 5_000 }).toBe('光猫LOS灯红');
    expect(pendingOf(zhang.db)).toBe(0);
  });

  it('fields only the server changed are taken; a field both changed is shown side by side and the agent chooses', async () => {
    const zhang = await workstation('1001');
    const li = await workstation('1002');
    zhang.writer.create('T-3', { title: '宽带断网', status: 'open', phone: '13800000000', address: '幸福小区3栋' });
    await zhang.sync.syncNow();
    await li.sync.syncNow();
    li.writer.update('T-3', { phone: '13911111111', status: 'in_progress' });
    await li.sync.syncNow();
    zhang.writer.update('T-3', { phone: '13722222222', address: '幸福小区3栋2单元' });
    const conflicts: string[][] = [];
    zhang.sync.on('conflict', (notice) => conflicts.push(notice.fields));
    const status = await zhang.sync.syncNow();
    expect(status).toMatchObject({ pending: 0, conflicts: 1 });
    expect(conflicts).toEqual([['phone']]);
    const [conflict] = zhang.sync.listConflicts();
    // The agent sees both sides masked by the one policy; the clear values stay in main.
    expect(conflict).toMatchObject({ entityId: 'T-3', fields: [{ field: 'phone', mine: '137****2222', theirs: '139****1111' }], uncontested: { address: '幸福小区*栋*单元' } });
    // Until the agent chooses, the local row shows the server's copy; the agent's edit waits in the conflict.
    expect(readLocalTickets(zhang.db).get('T-3')).toMatchObject({ phone: '13911111111', status: 'in_progress', address: '幸福小区3栋' });

    zhang.sync.resolveConflict(conflict!.mutationId, { phone: 'mine' });
    expect(readLocalTickets(zhang.db).get('T-3')).toMatchObject({ phone: '13722222222', status: 'in_progress', address: '幸福小区3栋2单元' });
    expect(await zhang.sync.syncNow()).toMatchObject({ pending: 0, conflicts: 0 });
    expect((await server.storage.getDocument('tickets', 'T-3'))!.data).toMatchObject({ phone: '13722222222', status: 'in_progress', address: '幸福小区3栋2单元' });
  });

  it('a refused write lands in the visible dead-letter list with the reason; fixed and resubmitted it goes through', async () => {
    const { db, sync, writer } = await workstation('1001');
    const rejected: RejectedWrite[] = [];
    sync.on('rejected', (notice) => rejected.push(notice));
    writer.create('T-4', { title: '  ', status: 'open', phone: '13800001111' });
    writer.create('T-5', { title: '正常工单', status: 'open' });
    const status = await sync.syncNow();
    expect(status).toMatchObject({ pending: 0, deadLetters: 1 });
    expect(rejected).toEqual([expect.objectContaining({ collection: 'tickets', entityId: 'T-4', code: 'VALIDATION', reason: '工单标题不能为空' })]);
    const [letter] = sync.listDeadLetters();
    expect(letter).toMatchObject({ entityId: 'T-4', op: 'create', reason: '工单标题不能为空', patch: { title: '  ', phone: '138****1111' } });
    expect(await server.storage.getDocument('tickets', 'T-5')).toBeDefined();

    sync.resubmitDeadLetter(letter!.mutationId, { ...letter!.patch, title: '宽带报修（补填标题）' });
    expect(readLocalTickets(db).get('T-4')).toMatchObject({ title: '宽带报修（补填标题）' });
    expect(await sync.syncNow()).toMatchObject({ pending: 0, deadLetters: 0 });
    // The masked phone the agent left as shown goes back in clear, not as stars.
    expect((await server.storage.getDocument('tickets', 'T-4'))!.data).toMatchObject({ title: '宽带报修（补填标题）', phone: '13800001111' });
  });

  it('a pulled document this build cannot apply is skipped whole: the rest of its page lands, and no half of it is searchable', async () => {
    const article = (id: string, title: string) => ({
      collection: 'handbook' as const,
      id,
      data: { id, title, category: '宽带业务/故障报修', keywords: ['光猫'], synonyms: [], body: `${title}：先看光猫指示灯。`, version: 1, updated: '2026-11-20', status: 'published' },
    });
    await server.storage.putDocuments([article('kb-a', '光猫红灯甲篇'), article('kb-b', '光猫红灯乙篇'), article('kb-c', '光猫红灯丙篇')]);
    // An applier that has already written the article and its index when it fails, as a newer
    // document shape can make any feature's applier do.
    const failsAfterWriting = (db: Db, change: Parameters<typeof applyHandbookChange>[1]) => {
      applyHandbookChange(db, change);
      if (change.id === 'kb-b') throw new Error('unknown field in a newer document format');
    };
    const { db, sync } = await workstation('1001', { appliers: { handbook: failsAfterWriting } });
    expect(await sync.syncNow()).toMatchObject({ online: true, lastError: null });
    expect(db.prepare(`SELECT id FROM handbook_articles WHERE id LIKE 'kb-_' ORDER BY id`).pluck().all()).toEqual(['kb-a', 'kb-c']);
    expect(allMatchingIds(db, '光猫红灯').sort()).toEqual(['kb-a', 'kb-c']);
    expect(allMatchingIds(db, '乙篇')).toEqual([]);
    expect(db.prepare(`SELECT COUNT(*) FROM handbook_articles`).pluck().get()).toBeGreaterThan(50); // the seed handbook of the same pull landed too

    await server.storage.putDocuments([article('kb-d', '光猫红灯丁篇')]);
    await sync.syncNow();
    expect(allMatchingIds(db, '光猫红灯').sort()).toEqual(['kb-a', 'kb-c', 'kb-d']);
  });

  it('discarding a refused write is the agent’s explicit choice and is audited', async () => {
    const { db, sync, writer } = await workstation('1001');
    writer.create('T-6', { title: '' });
    await sync.syncNow();
    const [letter] = sync.listDeadLetters();
    expect(sync.discardDeadLetter(letter!.mutationId)).toMatchObject({ deadLetters: 0 });
    expect(db.prepare(`SELECT actor, action, target FROM audit_log`).all()).toEqual([{ actor: '1001', action: 'sync.discard', target: 'tickets/T-6' }]);
  });

  it('after the server is restored from a backup (new epoch) the client resyncs from scratch and keeps its pending writes', async () => {
    const { db, sync, writer } = await workstation('1001');
    writer.create('T-7', { title: '已同步的工单' });
    await sync.syncNow();
    const cursorBefore = Number(db.prepare(`SELECT value FROM sync_state WHERE key = 'pull_cursor'`).pluck().get());
    expect(cursorBefore).toBeGreaterThan(0);
    // "Restore": a new history identity, and a document the client has never seen at a low position.
    await server.storage.setMeta('epoch', 'restored-epoch');
    writer.create('T-8', { title: '恢复期间写的工单' });
    const status = await sync.syncNow();
    expect(status).toMatchObject({ pending: 0, online: true });
    expect(db.prepare(`SELECT value FROM sync_state WHERE key = 'epoch'`).pluck().get()).toBe('restored-epoch');
    expect(db.prepare(`SELECT value FROM sync_state WHERE key = 'resynced_at'`).pluck().get()).toBeTruthy();
    expect(await server.storage.getDocument('tickets', 'T-8')).toBeDefined();
    expect([...readLocalTickets(db).keys()]).toEqual(['T-7', 'T-8']);
  });

  it('outbox entries written by an older build are upgraded before they are pushed; unknown versions are kept as dead letters', async () => {
    const { db, sync, writer } = await workstation('1001');
    writer.create('T-9', { title: 'v0 工单' });
    // Pretend an older build wrote it with a payload shape of its own.
    db.prepare(`UPDATE outbox SET schema_version = 0, payload = json_object('base', NULL, 'fields', json(json_extract(payload, '$.patch')))`).run();
    const upgraded = upgradeOutbox(db, () => {}, { ...OUTBOX_UPGRADES, 0: (payload) => ({ baseRev: (payload as { base: null }).base, patch: (payload as { fields: object }).fields }) }, OUTBOX_SCHEMA_VERSION);
    expect(upgraded).toBe(1);
    writer.create('T-10', { title: '来自未来版本' });
    db.prepare(`UPDATE outbox SET schema_version = 99 WHERE entity_id = 'T-10'`).run();
    const status = await sync.syncNow();
    expect(status).toMatchObject({ pending: 0, deadLetters: 1 });
    expect((await server.storage.getDocument('tickets', 'T-9'))!.data).toMatchObject({ title: 'v0 工单' });
    expect(sync.listDeadLetters()[0]).toMatchObject({ entityId: 'T-10', code: 'OUTBOX_SCHEMA' });
  });

  it('shows offline with the error while the server is away, backs off, and catches up when it returns', async () => {
    const { sync, writer } = await workstation('1001', { intervalMs: 200, random: () => 1 });
    const dbFile = path.join(dir, 'central.db');
    const port = Number(new URL(server.url).port);
    sync.start();
    await expect.poll(() => sync.getStatus().online, { timeout: 5_000 }).toBe(true);
    await server.close();
    writer.create('T-11', { title: '断网期间' });
    await expect.poll(() => sync.getStatus(), { timeout: 5_000 }).toMatchObject({ online: false, pending: 1 });
    expect(sync.getStatus().lastError).toMatch(/unreachable/i);
    await expect.poll(() => sync.getStatus().nextAttemptAt, { timeout: 5_000 }).not.toBeNull();
    server = await startApiServer({ db: dbFile, port, rateLimit: false, validators: ENGINE_VALIDATORS });
    await expect.poll(() => sync.getStatus(), { timeout: 10_000 }).toMatchObject({ online: true, pending: 0 });
    expect(await server.storage.getDocument('tickets', 'T-11')).toBeDefined();
  });
});
