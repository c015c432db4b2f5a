import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { annotateCall, callKpis, getCall, recordAgentState, saveCall } from '../../../src-main/services/calls/call-store.js';
import { recentTicketsForNumber } from '../../../src-main/services/calls/recent-tickets.js';
import { screenPopFor } from '../../../src-main/services/calls/screen-pop.js';
import { openStore, schemaVersion, type Db, workstationMigrations } from '../../../src-main/services/store/open-store.js';
import { CallRecord } from '../../../src-shared/domain/calls.js';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-calls-'));
  db = openStore(path.join(dir, 'agent-1001.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000).toISOString();
const outbox = () => db.prepare('SELECT collection, entity_id AS entityId, op, payload FROM outbox ORDER BY seq').all() as { collection: string; entityId: string; op: string; payload: string }[];

describe('migration 020_calls', () => {
  it('upgrades a profile made before the softphone existed, keeping its data', () => {
    const file = path.join(dir, 'old-profile.db');
    const before = workstationMigrations().filter((migration) => migration.version < 20);
    const old = openStore(file, { migrations: before });
    old.prepare("INSERT INTO settings (key, value) VALUES ('agent', '{}')").run();
    old.close();
    const upgraded = openStore(file);
    expect(schemaVersion(upgraded)).toBeGreaterThanOrEqual(20);
    expect(upgraded.prepare("SELECT value FROM settings WHERE key = 'agent'").pluck().get()).toBe('{}');
    expect(() => upgraded.prepare("INSERT INTO calls (id, direction, number, ring_at, disposition, updated_at) VALUES ('x', 'sideways', '1', 't', 'answered', 't')").run()).toThrow(/CHECK/);
    upgraded.close();
  });
});

describe('call records in the local store', () => {
  it('a call is saved with its outbox entry, and the after-call work update is queued as a patch', () => {
    const now = new Date();
    const call = CallRecord.parse({ id: 'c1', direction: 'inbound', number: '13812341234', ringAt: at(now, -60), answerAt: at(now, -55), endAt: at(now, -5), holdSeconds: 10, disposition: 'answered' });
    saveCall(db, call);
    saveCall(db, { ...call, afterCallWorkSeconds: 20 });
    expect(getCall(db, 'c1')).toMatchObject({ holdSeconds: 10, afterCallWorkSeconds: 20 });
    const queued = outbox();
    expect(queued.map((entry) => [entry.collection, entry.entityId, entry.op])).toEqual([
      ['calls', 'c1', 'create'],
      ['calls', 'c1', 'update'],
    ]);
    expect(JSON.parse(queued[1]!.payload)).toEqual({ baseRev: 0, patch: { afterCallWorkSeconds: 20 } });
  });

  it('a ticket and the script compliance are linked to a finished call, and only the change is queued', () => {
    const now = new Date();
    saveCall(db, CallRecord.parse({ id: 'c2', direction: 'inbound', number: '13812341234', ringAt: at(now, -30), answerAt: at(now, -25), endAt: at(now, -1), disposition: 'answered' }));
    expect(annotateCall(db, 'c2', { ticketId: 'T-42', scriptCompliance: { greeting: true, verifyIdentity: false } })).toMatchObject({ ticketId: 'T-42' });
    expect(getCall(db, 'c2')?.scriptCompliance).toEqual({ greeting: true, verifyIdentity: false });
    const last = outbox().at(-1)!;
    expect(last.op).toBe('update');
    expect(JSON.parse(last.payload).patch).toEqual({ ticketId: 'T-42', scriptCompliance: { greeting: true, verifyIdentity: false } });
    expect(annotateCall(db, 'no-such-call', { ticketId: 'T-1' })).toBeUndefined();

    // After-call work ends: the softphone saves the call again without the links; they stay.
    const queuedBefore = outbox().length;
    saveCall(db, CallRecord.parse({ id: 'c2', direction: 'inbound', number: '13812341234', ringAt: at(now, -30), answerAt: at(now, -25), endAt: at(now, -1), afterCallWorkSeconds: 12, disposition: 'answered' }));
    expect(getCall(db, 'c2')).toMatchObject({ ticketId: 'T-42', afterCallWorkSeconds: 12 });
    expect(JSON.parse(outbox()[queuedBefore]!.payload).patch).toEqual({ afterCallWorkSeconds: 12 });
  });

  it('KPIs: calls today, average handle time, 15-second answer rate and not-ready time', () => {
    const now = new Date();
    now.setHours(12, 0, 0, 0);
    const ring = at(now, -600);
    saveCall(db, CallRecord.parse({ id: 'fast', direction: 'inbound', number: '1', ringAt: ring, answerAt: at(now, -595), endAt: at(now, -535), afterCallWorkSeconds: 30, disposition: 'answered' }));
    saveCall(db, CallRecord.parse({ id: 'slow', direction: 'inbound', number: '2', ringAt: ring, answerAt: at(now, -580), endAt: at(now, -550), afterCallWorkSeconds: 0, disposition: 'answered' }));
    saveCall(db, CallRecord.parse({ id: 'missed', direction: 'inbound', number: '3', ringAt: ring, endAt: at(now, -590), disposition: 'missed' }));
    saveCall(db, CallRecord.parse({ id: 'busy', direction: 'inbound', number: '4', ringAt: ring, endAt: ring, disposition: 'busy' }));
    saveCall(db, CallRecord.parse({ id: 'yesterday', direction: 'inbound', number: '5', ringAt: at(now, -86_400), answerAt: at(now, -86_399), endAt: at(now, -86_000), disposition: 'answered' }));
    recordAgentState(db, { status: 'notReady', reason: 'break', at: at(now, -3600) });
    recordAgentState(db, { status: 'ready', at: at(now, -3000) });
    recordAgentState(db, { status: 'notReady', reason: 'meeting', at: at(now, -100) });

    const kpis = callKpis(db, now);
    expect(kpis.callsToday).toBe(3); // the 486 while busy never rang this agent
    expect(kpis.averageHandleSeconds).toBe((60 + 30 + 30 + 0) / 2);
    expect(kpis.answeredWithin15sRate).toBeCloseTo(1 / 3);
    expect(kpis.notReadySeconds).toBe(600 + 100);
  });

  it('the screen pop shows the caller\'s recent tickets, whatever form the number arrives in, and suggested articles', () => {
    expect(recentTicketsForNumber(db, '13812341234')).toEqual([]);
    const insert = db.prepare(
      `INSERT INTO tickets (id, number, type, form_id, status, priority, priority_rank, title, customer_phone, owner_id, team, assignee_team, created_at, updated_at)
       VALUES (?, ?, ?, 'f', ?, 'normal', 1, ?, ?, '1001', '宽带一组', '宽带一组', ?, ?)`,
    );
    insert.run('T1', 'GD1', 'fault', 'submitted', '宽带无法上网', '13812341234', '2026-11-20T08:00:00.000Z', '2026-11-20T08:00:00.000Z');
    insert.run('T2', 'GD2', 'complaint', 'closed', '其他客户', '13900000000', '2026-11-21T08:00:00.000Z', '2026-11-21T08:00:00.000Z');
    db.prepare(`INSERT INTO handbook_articles (id, title, category, keywords, body, version, updated) VALUES ('a1', '宽带故障报修受理', '宽带业务', '["光猫"]', 'x', 1, '2026-01-01')`).run();
    db.prepare(`INSERT INTO handbook_articles (id, title, category, keywords, body, version, updated) VALUES ('a2', '携号转网咨询与办理', '移动业务', '[]', 'x', 1, '2026-01-01')`).run();
    const pop = screenPopFor(db, '+8613812341234', '宽带一组');
    expect(pop.recentTickets.map((ticket) => ticket.id)).toEqual(['T1']);
    expect(pop.articles[0]?.title).toBe('宽带故障报修受理');
    expect(pop.articles.map((article) => article.id)).not.toContain('a2');
  });
});
