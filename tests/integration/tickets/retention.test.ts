import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../src-main/services/api/api-client.js';
import { silentLogger } from '../../../src-main/services/log.js';
import { openStore, type Db } from '../../../src-main/services/store/open-store.js';
import { writeValue } from '../../../src-main/services/store/key-value.js';
import { SyncService } from '../../../src-main/services/sync/sync-service.js';
import * as tickets from '../../../src-main/services/tickets/index.js';
import { markTicketRejected } from '../../../src-main/services/tickets/ticket-commands.js';
import { purgeExpiredTickets, type RetentionScope } from '../../../src-main/services/tickets/retention.js';
import { startApiServer, type RunningApiServer } from '../../../src-server/start.js';
import { REPO_ROOT } from '../../support/processes.js';
import { INQUIRY_VALUES } from '../../support/ticket-documents.js';
import { openTicketWorkstation, type TicketWorkstation } from '../../support/ticket-workstation.js';
import { openProfileStore } from '../../support/profile-store.js';
import { startInProcessWorkstation } from '../../support/workstation.js';

// Local retention on a real (encrypted) store pulling from a real central API: 张敏 (1001) keeps
// the team's open tickets, her own for 180 days and her colleague 刘洋's finished ones for 30 days
// after their last change; a pull or a full resync does not bring back what was purged, a ticket
// reopened by the colleague does come back. Time moves by handing the rule a later clock; the
// server keeps its own real clock.

const DAY = 86_400_000;
let dir: string;
let server: RunningApiServer;
const closers: (() => Promise<void>)[] = [];
beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-retention-'));
  server = await startApiServer({ db: path.join(dir, 'central.db'), rateLimit: false });
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const ZHANG = { id: '1001', name: '张敏', team: '宽带一组', role: 'agent' } as const;
const photo = readFileSync(path.join(REPO_ROOT, 'tests/fixtures/attachments/photo.png'));

/** 张敏's workstation: an encrypted store and the tickets applier with retention, as the workstation wires it. */
async function openZhang(clock: { now: Date }, file = path.join(dir, 'agent-1001.db'), key: Buffer | null = Buffer.alloc(32, 5)) {
  const db = openStore(file, key ? { key } : {});
  const api = new ApiClient({ baseUrl: server.url, timeoutMs: 5_000 });
  await api.login('1001', 'hotline1001');
  const scope: RetentionScope = { agentId: '1001', policy: () => ({ days: 30, mineDays: 180 }), now: () => clock.now };
  const sync = new SyncService({
    db,
    api,
    appliers: { tickets: (target, change) => tickets.applyTicketChange(target, change, scope), forms: tickets.applyFormChange, codes: tickets.applyCodeTreeChange },
    log: silentLogger,
    events: false,
    actor: '1001',
  });
  tickets.connectTicketsToSync(sync, db, { locale: () => 'zh-CN', changed: () => {}, transport: api });
  closers.push(async () => {
    await sync.stop();
    db.close();
  });
  await sync.syncNow();
  return { db, api, sync, scope, ctx: { db, actor: ZHANG, now: () => new Date() } };
}

async function openLiu(): Promise<TicketWorkstation> {
  const liu = await openTicketWorkstation(dir, server.url, '1002');
  closers.push(() => liu.close());
  await liu.sync.syncNow();
  return liu;
}

function submit(ctx: tickets.TicketContext, title: string, extra: Record<string, unknown> = {}): string {
  const draft = tickets.createDraft(ctx, 'inquiry');
  tickets.saveDraft(ctx.db, draft.id, { ...draft.values, ...INQUIRY_VALUES, title, ...extra } as never, null, new Date());
  return tickets.submitDraft(ctx, draft.id);
}

const rows = (db: Db, id: string) => ({
  tickets: db.prepare('SELECT count(*) FROM tickets WHERE id = ?').pluck().get(id),
  docs: db.prepare('SELECT count(*) FROM ticket_docs WHERE id = ?').pluck().get(id),
  events: db.prepare('SELECT count(*) FROM ticket_events WHERE ticket_id = ?').pluck().get(id),
});
const present = (db: Db, id: string) => (db.prepare('SELECT count(*) FROM tickets WHERE id = ?').pluck().get(id) as number) === 1;
const numberOf = (db: Db, id: string) => db.prepare('SELECT number FROM tickets WHERE id = ?').pluck().get(id) as string;

describe('local retention', () => {
  it('keeps open, own and recent tickets, purges the rest with an audit row, and a pull does not bring them back', async () => {
    const liu = await openLiu();
    const answered = submit(liu.ctx, '刘洋已办结：套餐资费咨询', { attachments: [tickets.saveAttachment(liu.ctx, '光猫.png', photo.toString('base64'))] });
    tickets.transitionTicket(liu.ctx, answered, 'resolved', '已答复');
    const reopenedLater = submit(liu.ctx, '刘洋已办结：宽带提速');
    tickets.transitionTicket(liu.ctx, reopenedLater, 'resolved', '已答复');
    const stillOpen = submit(liu.ctx, '刘洋在办：光猫红灯');
    const rejected = submit(liu.ctx, '刘洋已办结：话费查询');
    tickets.transitionTicket(liu.ctx, rejected, 'resolved', '已答复');
    await liu.sync.syncNow();

    const clock = { now: new Date() };
    const zhang = await openZhang(clock);
    const own = submit(zhang.ctx, '张敏已办结：停机保号');
    tickets.transitionTicket(zhang.ctx, own, 'resolved', '已答复');
    await zhang.sync.syncNow();
    for (const id of [answered, reopenedLater, stillOpen, rejected, own]) expect(present(zhang.db, id)).toBe(true);
    // She opened the colleague's photo once: its bytes are now in her store.
    const file = (tickets.getTicketDetail(zhang.ctx, answered).fields.attachments as unknown as { id: string }[])[0]!;
    await tickets.readAttachment(zhang.ctx, answered, file.id, zhang.api);
    expect(zhang.db.prepare('SELECT count(*) FROM ticket_attachments').pluck().get()).toBe(1);
    // A refused write on one of them that she is fixing in a draft: it stays whatever its age.
    markTicketRejected(zhang.db, rejected, '字段不合规');
    tickets.editRejected(zhang.ctx, rejected);
    const answeredNumber = numberOf(zhang.db, answered);

    // Nothing is old yet: the purge at sign-in removes nothing and writes no audit row.
    expect(purgeExpiredTickets(zhang.db, zhang.scope).tickets).toBe(0);

    clock.now = new Date(Date.now() + 31 * DAY);
    const report = purgeExpiredTickets(zhang.db, zhang.scope);
    expect(report).toMatchObject({ tickets: 2, attachments: 1 });
    expect(new Set(report.ids)).toEqual(new Set([answered, reopenedLater]));
    expect(rows(zhang.db, answered)).toEqual({ tickets: 0, docs: 0, events: 0 });
    expect(tickets.searchTickets(zhang.db, answeredNumber)?.size).toBe(0);
    expect(zhang.db.prepare('SELECT count(*) FROM ticket_attachments').pluck().get()).toBe(0);
    for (const id of [stillOpen, rejected, own]) expect(present(zhang.db, id)).toBe(true);
    const audit = zhang.db.prepare("SELECT actor, target, reason FROM audit_log WHERE action = 'tickets.purged'").all() as { actor: string; reason: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe('1001');
    expect(JSON.parse(audit[0]!.reason)).toMatchObject({ tickets: 2, attachments: 1, days: 30, mineDays: 180 });
    expect(audit[0]!.reason).not.toMatch(/1380000|刘洋|套餐/);

    // A full resync from the start of the server's history does not bring them back.
    writeValue(zhang.db, 'sync_state', 'pull_cursor', '0');
    await zhang.sync.syncNow();
    expect(present(zhang.db, answered)).toBe(false);
    expect(present(zhang.db, reopenedLater)).toBe(false);
    expect(present(zhang.db, stillOpen)).toBe(true);

    // The colleague reopens one: it is work in hand again and comes back with its history.
    tickets.transitionTicket(liu.ctx, reopenedLater, 'reopened', '客户来电说仍未提速');
    await liu.sync.syncNow();
    await zhang.sync.syncNow();
    expect(present(zhang.db, reopenedLater)).toBe(true);
    expect(tickets.getTicketDetail(zhang.ctx, reopenedLater).status).toBe('reopened');
    expect(rows(zhang.db, reopenedLater).events).toBeGreaterThanOrEqual(3);

    // Her own finished ticket stays for 180 days, then goes too.
    clock.now = new Date(Date.now() + 181 * DAY);
    expect(purgeExpiredTickets(zhang.db, zhang.scope).ids).toEqual([own]);
    expect(present(zhang.db, rejected)).toBe(true);
  });

  it('leaves no trace of a purged ticket in the file bytes (freed pages overwritten, WAL folded in)', async () => {
    // Read as raw bytes, so this store is in clear: the point is what SQLite leaves in free pages.
    const liu = await openLiu();
    const marker = '退订彩铃业务说明ZQX7';
    const id = submit(liu.ctx, `已办结：${marker}`, { description: `客户要求${marker}，已办理` });
    tickets.transitionTicket(liu.ctx, id, 'resolved', '已答复');
    await liu.sync.syncNow();
    const clock = { now: new Date() };
    const file = path.join(dir, 'agent-1001-clear.db');
    const zhang = await openZhang(clock, file, null);
    const bytes = () => Buffer.concat([readFileSync(file), ...['-wal'].map((suffix) => { try { return readFileSync(file + suffix); } catch { return Buffer.alloc(0); } })]);
    zhang.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(bytes().includes(Buffer.from(marker))).toBe(true); // the scan can fail

    clock.now = new Date(Date.now() + 31 * DAY);
    expect(purgeExpiredTickets(zhang.db, zhang.scope).ids).toEqual([id]);
    expect(bytes().includes(Buffer.from(marker))).toBe(false);
  });
});

describe('local retention in a running workstation', () => {
  it('runs at sign-in, with the centre\'s days from workstation-settings.json', async () => {
    const ws = await startInProcessWorkstation();
    closers.push(() => ws.close());
    const ok = async <T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { code: string } }>): Promise<T> => {
      const settled = await result;
      if (!settled.ok) throw new Error(settled.error.code);
      return settled.value;
    };
    await ok(ws.call('session.login', { agentId: '1001', password: 'hotline1001' }));
    await ok(ws.call('sync.now', {}));
    const draft = await ok(ws.call('tickets.newDraft', { formId: 'inquiry' }));
    await ok(ws.call('tickets.saveDraft', { id: draft.id, values: { ...draft.values, ...INQUIRY_VALUES } as never, focusField: null }));
    const { ticketId } = await ok(ws.call('tickets.submitDraft', { id: draft.id }));
    await ok(ws.call('tickets.transition', { id: ticketId, to: 'resolved', note: '已答复' }));
    await ok(ws.call('sync.now', {}));
    await ok(ws.call('session.logout', {}));

    // The centre keeps finished tickets 7 days on a seat, the agent's own too; this one last changed 8 days ago.
    writeFileSync(path.join(ws.dir, 'profile', 'workstation-settings.json'), JSON.stringify({ retentionDays: 7, retentionMineDays: 7 }));
    const store = openProfileStore(path.join(ws.dir, 'profile'), '1001');
    store.prepare('UPDATE tickets SET updated_at = ? WHERE id = ?').run(new Date(Date.now() - 8 * DAY).toISOString(), ticketId);
    store.close();

    await ok(ws.call('session.login', { agentId: '1001', password: 'hotline1001' }));
    const db = ws.workstation.requireSession().db;
    expect(present(db, ticketId)).toBe(false);
    expect(JSON.parse(db.prepare("SELECT reason FROM audit_log WHERE action = 'tickets.purged'").pluck().get() as string)).toMatchObject({ tickets: 1, days: 7, mineDays: 7 });
  });
});
