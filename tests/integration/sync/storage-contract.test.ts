import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { Mutation } from '../../../src-shared/sync/protocol.js';
import { PostgresStorage } from '../../../src-server/storage/postgres-storage.js';
import { SqliteStorage } from '../../../src-server/storage/sqlite-storage.js';
import type { ChangeAudience, Pusher, ServerStorage, Viewer } from '../../../src-server/storage/storage.js';
import { createDecider, type DocumentRules } from '../../../src-server/sync/decide.js';
import { startPostgres, type ThrowawayPostgres } from '../../support/postgres.js';

// One suite, two storages: whatever the embedded SQLite server does, the PostgreSQL scale-out does too.

const zhang: Pusher = { clientId: 'client-zhang-laptop', agentId: '1001', team: '宽带一组', role: 'agent', name: '张敏' };
const zhangDesk: Pusher = { ...zhang, clientId: 'client-zhang-desk' };
const li: Pusher = { clientId: 'client-li-laptop', agentId: '1002', team: '宽带一组', role: 'agent', name: '刘洋' };
const wang: Pusher = { clientId: 'client-wang-laptop', agentId: '1003', team: '移动二组', role: 'agent', name: '陈静' };
const viewerOf = (pusher: Pusher): Viewer => ({ agentId: pusher.agentId, team: pusher.team });

const mutation = (fields: Partial<Mutation> & Pick<Mutation, 'id' | 'op' | 'patch'>): Mutation => ({
  mutationId: uuidv7(),
  collection: 'tickets',
  baseRev: null,
  ...fields,
});

async function pullAll(storage: ServerStorage, viewer: Viewer, limit = 3, from = 0) {
  const seen = new Map<string, { rev: number; data: unknown; deleted: boolean }>();
  let cursor = from;
  for (;;) {
    const page = await storage.pull(viewer, cursor, limit);
    for (const change of page.changes) seen.set(`${change.collection}/${change.id}`, change);
    expect(page.cursor).toBeGreaterThanOrEqual(cursor);
    cursor = page.cursor;
    if (!page.hasMore) return { seen, cursor };
  }
}

let postgres: ThrowawayPostgres | undefined;
let databases = 0;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(() => postgres?.stop());

const implementations: [string, () => Promise<{ storage: ServerStorage; cleanup(): void }>][] = [
  [
    'SQLite',
    async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-storage-'));
      return { storage: new SqliteStorage(path.join(dir, 'central.db')), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
  ['PostgreSQL', async () => ({ storage: await PostgresStorage.open(postgres!.createDatabase(`contract_${++databases}`)), cleanup() {} })],
];

describe.each(implementations)('%s storage', (_name, open) => {
  let storage: ServerStorage;
  let cleanup: () => void;
  const push = (pusher: Pusher, mutations: Mutation[], rules: DocumentRules = {}) =>
    storage.applyMutations(pusher, mutations, createDecider(pusher, { rules }));

  beforeEach(async () => {
    ({ storage, cleanup } = await open());
  });
  afterEach(async () => {
    await storage.close();
    cleanup();
  });

  it('keeps its epoch, settings and agents', async () => {
    const epoch = await storage.epoch();
    expect(epoch).toMatch(/^[0-9a-f-]{36}$/);
    await storage.setMeta('greeting', '你好');
    await storage.setMeta('greeting', '您好');
    expect(await storage.getMeta('greeting')).toBe('您好');
    await storage.saveAgent({ id: '1001', name: '张敏', team: '宽带一组', role: 'agent', passwordHash: 'x', disabled: false });
    await storage.saveAgent({ id: '1001', name: '张敏', team: '宽带二组', role: 'teamlead', passwordHash: 'y', disabled: true });
    expect(await storage.findAgent('1001')).toMatchObject({ team: '宽带二组', role: 'teamlead', disabled: true });
    expect((await storage.listAgents()).map((a) => a.id)).toEqual(['1001']);
    expect(await storage.epoch()).toBe(epoch);
    expect(await storage.isReady()).toBe(true);
  });

  it('revokes an agent’s tokens when they move team or role, not when nothing that matters changes', async () => {
    const agent = { id: '1002', name: '刘洋', team: '宽带一组', role: 'agent' as const, passwordHash: 'h', disabled: false };
    await storage.saveAgent(agent);
    const version = async () => (await storage.tokenStates(['1002'])).get('1002')!.tokenVersion;
    const start = await version();
    await storage.saveAgent({ ...agent, name: '刘洋（宽带）' });
    expect(await version()).toBe(start);
    await storage.saveAgent({ ...agent, team: '移动二组' });
    expect(await version()).toBe(start + 1);
    await storage.saveAgent({ ...agent, team: '移动二组', role: 'teamlead' });
    expect(await version()).toBe(start + 2);
  });

  it('pulls published documents page by page, a rewritten document moving to the end with a new rev', async () => {
    await storage.putDocuments(['a', 'b', 'c', 'd', 'e'].map((id) => ({ collection: 'handbook', id, data: { title: id } })));
    const first = await pullAll(storage, viewerOf(zhang), 2);
    expect([...first.seen.keys()]).toEqual(['handbook/a', 'handbook/b', 'handbook/c', 'handbook/d', 'handbook/e']);
    await storage.putDocuments([{ collection: 'handbook', id: 'b', data: { title: 'b2' } }, { collection: 'handbook', id: 'c', deleted: true, data: null }]);
    const next = await pullAll(storage, viewerOf(zhang), 2, first.cursor);
    expect([...next.seen.entries()]).toEqual([
      ['handbook/b', { collection: 'handbook', id: 'b', rev: 2, deleted: false, data: { title: 'b2' } }],
      ['handbook/c', { collection: 'handbook', id: 'c', rev: 2, deleted: true, data: null }],
    ]);
    expect(await storage.countDocuments('handbook')).toBe(4);
    expect((await storage.listDocuments('handbook')).map((doc) => `${doc.id}@${doc.rev}`)).toEqual(['a@1', 'b@2', 'd@1', 'e@1']);
    const empty = await storage.pull(viewerOf(zhang), next.cursor, 10);
    expect(empty).toEqual({ changes: [], cursor: next.cursor, hasMore: false });
  });

  it("shows a team's tickets only to that team and an agent's calls only to that agent", async () => {
    await push(zhang, [mutation({ id: 't-broadband', op: 'create', patch: { title: '宽带断网' } })]);
    await push(wang, [mutation({ id: 't-mobile', op: 'create', patch: { title: '携号转网' } })]);
    await push(zhang, [mutation({ collection: 'calls', id: 'call-1', op: 'create', patch: { number: '138****0000' } })]);
    const forLi = await pullAll(storage, viewerOf(li));
    expect([...forLi.seen.keys()]).toEqual(['tickets/t-broadband']);
    const forZhang = await pullAll(storage, viewerOf(zhang));
    expect([...forZhang.seen.keys()].sort()).toEqual(['calls/call-1', 'tickets/t-broadband']);
    const forWang = await pullAll(storage, viewerOf(wang));
    expect([...forWang.seen.keys()]).toEqual(['tickets/t-mobile']);
    // The invisible rows do not hold the cursor back: everyone ends at the head.
    expect(forLi.cursor).toBe(forWang.cursor);
  });

  it('applies a retried push once: the second answer is duplicate with the same rev', async () => {
    const create = mutation({ id: 't1', op: 'create', patch: { title: '宽带断网', notes: [] } });
    const note = mutation({ id: 't1', op: 'append', patch: { notes: [{ text: '已派单' }] } });
    expect(await push(zhang, [create, note])).toMatchObject([
      { status: 'applied', rev: 1 },
      { status: 'applied', rev: 2 },
    ]);
    expect(await push(zhang, [create, note, note])).toMatchObject([
      { status: 'duplicate', rev: 1 },
      { status: 'duplicate', rev: 2 },
      { status: 'duplicate', rev: 2 },
    ]);
    expect((await storage.getDocument('tickets', 't1'))!.data).toEqual({ title: '宽带断网', notes: [{ text: '已派单' }] });
    expect(await storage.countAppliedMutations()).toBe(2);
  });

  it('takes fields only the server changed, and reports fields both sides changed as a conflict', async () => {
    await push(zhang, [mutation({ id: 't2', op: 'create', patch: { title: '宽带断网', status: 'open', phone: '13800000000' } })]);
    await push(li, [mutation({ id: 't2', op: 'update', baseRev: 1, patch: { status: 'in_progress', phone: '13911111111' } })]);
    // 张敏 edited from rev 1: the title only she changed goes through, the phone both changed is a conflict.
    const titleOnly = await push(zhang, [mutation({ id: 't2', op: 'update', baseRev: 1, patch: { title: '宽带断网（整栋楼）' } })]);
    expect(titleOnly).toMatchObject([{ status: 'applied', rev: 3 }]);
    const [contested] = await push(zhang, [mutation({ id: 't2', op: 'update', baseRev: 1, patch: { phone: '13722222222', title: '宽带断网（整栋楼）' } })]);
    expect(contested).toMatchObject({ status: 'conflict', rev: 3, conflictFields: ['phone'] });
    expect(contested!.serverValue).toEqual({ title: '宽带断网（整栋楼）', status: 'in_progress', phone: '13911111111' });
    // The same value on both sides is no conflict.
    expect(await push(zhang, [mutation({ id: 't2', op: 'update', baseRev: 1, patch: { phone: '13911111111' } })])).toMatchObject([{ status: 'applied', rev: 3 }]);
    // Notes never conflict, whatever the base.
    expect(await push(zhang, [mutation({ id: 't2', op: 'append', baseRev: 0, patch: { notes: [{ text: '客户来电催促' }] } })])).toMatchObject([{ status: 'applied', rev: 4 }]);
  });

  it("does not call an agent's own earlier edits a conflict, but does for the same agent on another workstation", async () => {
    await push(zhang, [mutation({ id: 't3', op: 'create', patch: { status: 'open' } })]);
    const queued = await push(zhang, [
      mutation({ id: 't3', op: 'update', baseRev: 1, patch: { status: 'in_progress' } }),
      mutation({ id: 't3', op: 'update', baseRev: 1, patch: { status: 'resolved' } }),
    ]);
    expect(queued).toMatchObject([{ status: 'applied', rev: 2 }, { status: 'applied', rev: 3 }]);
    expect(await push(zhangDesk, [mutation({ id: 't3', op: 'update', baseRev: 1, patch: { status: 'open' } })])).toMatchObject([
      { status: 'conflict', conflictFields: ['status'] },
    ]);
  });

  it('rejects with a reason and the server copy: invalid documents, unknown entities, other teams, read-only collections', async () => {
    const requireTitle = { tickets: { check: (_before: unknown, doc: Record<string, unknown>) => (typeof doc.title === 'string' && doc.title ? null : '标题必填') } };
    const [invalid] = await push(zhang, [mutation({ id: 't4', op: 'create', patch: { title: '' } })], requireTitle);
    expect(invalid).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION', message: '标题必填' } });
    expect(await storage.getDocument('tickets', 't4')).toBeUndefined();
    expect(await push(zhang, [mutation({ id: 'nope', op: 'update', baseRev: 1, patch: { a: 1 } })])).toMatchObject([{ status: 'rejected', error: { code: 'NOT_FOUND' } }]);
    await push(wang, [mutation({ id: 't5', op: 'create', patch: { title: '携号转网' } })]);
    expect(await push(zhang, [mutation({ id: 't5', op: 'update', baseRev: 1, patch: { title: 'x' } })])).toMatchObject([{ status: 'rejected', error: { code: 'FORBIDDEN' } }]);
    expect(await push(zhang, [mutation({ collection: 'handbook', id: 'h1', op: 'create', patch: { title: 'x' } })])).toMatchObject([{ status: 'rejected', error: { code: 'FORBIDDEN' } }]);
    // A rejected mutation is not recorded: once fixed, the same id may be sent again.
    const fixed = await push(zhang, [{ ...mutation({ id: 't4', op: 'create', patch: { title: '已补充标题' } }), mutationId: invalid!.mutationId }], requireTitle);
    expect(fixed).toMatchObject([{ status: 'applied', rev: 1 }]);
  });

  it('deletes unless someone else changed the entity since the base rev', async () => {
    await push(zhang, [mutation({ id: 't6', op: 'create', patch: { title: 'x' } })]);
    await push(li, [mutation({ id: 't6', op: 'update', baseRev: 1, patch: { title: 'y' } })]);
    expect(await push(zhang, [mutation({ id: 't6', op: 'delete', baseRev: 1, patch: {} })])).toMatchObject([{ status: 'conflict' }]);
    expect(await push(zhang, [mutation({ id: 't6', op: 'delete', baseRev: 2, patch: {} })])).toMatchObject([{ status: 'applied', rev: 3 }]);
    expect(await storage.getDocument('tickets', 't6')).toMatchObject({ deleted: true, data: null });
  });

  it('keeps an attachment once per content hash, bytes unchanged', async () => {
    const data = Buffer.from([0, 1, 2, 255, ...Buffer.from('光猫照片')]);
    const attachment = { sha256: 'f'.repeat(64), mime: 'image/png', data, team: '宽带一组', uploadedBy: '1001' };
    expect(await storage.putAttachment(attachment)).toBe(true);
    expect(await storage.putAttachment({ ...attachment, uploadedBy: '1002' })).toBe(false);
    const stored = await storage.getAttachment('f'.repeat(64));
    expect(stored).toMatchObject({ mime: 'image/png', team: '宽带一组', uploadedBy: '1001' });
    expect(stored!.data.equals(data)).toBe(true);
    expect(await storage.getAttachment('0'.repeat(64))).toBeUndefined();
  });

  it('lets an attachment be read by its uploader and by whoever may see a ticket that references it, nobody else', async () => {
    const sha256 = 'a'.repeat(64);
    await storage.putAttachment({ sha256, mime: 'image/png', data: Buffer.from('光猫'), team: '宽带一组', uploadedBy: '1001' });
    expect(await storage.attachmentReadableBy(viewerOf(zhang), sha256)).toBe(true);
    // Same team, but no ticket mentions the file yet: the team of the uploader is not enough.
    expect(await storage.attachmentReadableBy(viewerOf(li), sha256)).toBe(false);
    await push(zhang, [mutation({ id: 't-photo', op: 'create', patch: { title: '光猫红灯', fields: { attachments: [{ sha256, name: '光猫.png' }] } } })]);
    expect(await storage.attachmentReadableBy(viewerOf(li), sha256)).toBe(true);
    expect(await storage.attachmentReadableBy(viewerOf(wang), sha256)).toBe(false);
    // A ticket of another team that names the hash does not open it to this team, and a deleted ticket opens nothing.
    await push(wang, [mutation({ id: 't-other', op: 'create', patch: { title: 'x', fields: { attachments: [{ sha256: 'b'.repeat(64) }] } } })]);
    expect(await storage.attachmentReadableBy(viewerOf(li), 'b'.repeat(64))).toBe(false);
    expect(await storage.attachmentReadableBy(viewerOf(wang), 'b'.repeat(64))).toBe(true);
    await push(zhang, [mutation({ id: 't-photo', op: 'delete', baseRev: 1, patch: {} })]);
    expect(await storage.attachmentReadableBy(viewerOf(li), sha256)).toBe(false);
    expect(await storage.attachmentReadableBy(viewerOf(zhang), sha256)).toBe(true);
  });

  it('tells listeners who may see a committed change', async () => {
    const heard: ChangeAudience[] = [];
    const stop = storage.onChange((audience) => heard.push(audience));
    await new Promise((resolve) => setTimeout(resolve, 200)); // PostgreSQL: LISTEN is asynchronous
    await push(wang, [mutation({ id: 't7', op: 'create', patch: { title: 'x' } })]);
    await storage.putDocuments([{ collection: 'codes', id: 'c1', data: { name: '资费争议' } }]);
    await expect.poll(() => heard.length, { timeout: 3000 }).toBeGreaterThanOrEqual(2);
    expect(heard).toContainEqual({ everyone: false, teams: ['移动二组'], owners: [] });
    expect(heard).toContainEqual({ everyone: true, teams: [], owners: [] });
    stop();
  });

  it('never lets a puller skip a change while many pushes commit concurrently', async () => {
    const pushers = Array.from({ length: 8 }, (_, n) => ({ ...zhang, clientId: `client-concurrent-${n}`, agentId: `10${n}` }));
    const puller = { agentId: '1001', team: '宽带一组' };
    const seen = new Map<string, number>();
    let cursor = 0;
    let done = false;
    const pulling = (async () => {
      while (!done) {
        const page = await storage.pull(puller, cursor, 7);
        for (const change of page.changes) seen.set(change.id, change.rev);
        cursor = page.cursor;
      }
    })();
    await Promise.all(
      pushers.map(async (pusher, n) => {
        for (let round = 0; round < 10; round++) {
          await push(pusher, [
            mutation({ id: `c-${n}-${round}`, op: 'create', patch: { n, round } }),
            mutation({ id: `c-${n}-0`, op: 'append', patch: { log: [round] } }),
          ]);
        }
      }),
    );
    done = true;
    await pulling;
    const final = await pullAll(storage, puller, 50, cursor);
    for (const [id, change] of final.seen) seen.set(id.split('/')[1]!, change.rev);
    expect(seen.size).toBe(80);
    for (let n = 0; n < 8; n++) expect(seen.get(`c-${n}-0`)).toBe(11);
  });
});
