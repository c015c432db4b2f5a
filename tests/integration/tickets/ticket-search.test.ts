import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, workstationMigrations } from '../../../src-main/services/store/open-store.js';
import * as tickets from '../../../src-main/services/tickets/index.js';
import { ticketDocument } from '../../support/ticket-documents.js';
import { agent1001, complaintValues, contextOf, manualClock, openTicketStore } from './ticket-store.js';

// Ticket search runs on the handbook's engine: what an agent types finds tickets the way a
// substring scan would, plus pinyin of the title and the customer's name.

let store: ReturnType<typeof openTicketStore>;
beforeEach(() => {
  store = openTicketStore();
});
afterEach(() => store.close());

function submit(values: Record<string, unknown>): string {
  const clock = manualClock('2026-11-23T08:00:00.000Z');
  const ctx = contextOf(store.db, agent1001, clock);
  const draft = tickets.createDraft(ctx, 'complaint');
  tickets.saveDraft(store.db, draft.id, { ...draft.values, ...complaintValues, ...values } as never, null, clock.now());
  return tickets.submitDraft(ctx, draft.id);
}

const titlesFor = (text: string) =>
  tickets
    .listTickets(contextOf(store.db, agent1001, { now: () => new Date('2026-11-23T09:00:00Z') }), { scope: 'team', text })
    .rows.map((row) => row.title)
    .sort();

describe('searching tickets', () => {
  beforeEach(() => {
    submit({ title: '手机信号弱，通话经常中断', customerName: '王先生', customerPhone: '13812341234', description: '家中信号只有一格', customerDemand: '尽快优化' });
    submit({ title: '5G套餐降档后仍按原价扣费', customerName: '张女士', customerPhone: '13955556666', description: '十月已办理降档', customerDemand: '退还差价' });
    submit({ title: '宽带网速慢，晚上尤其明显', customerName: '李小姐', customerPhone: '18700001111', description: 'FTTH 光猫 LOS 灯闪烁', customerDemand: '尽快上门' });
  });

  it('finds 1- and 2-character Chinese terms anywhere in the ticket, notes included', () => {
    expect(titlesFor('信号')).toEqual(['手机信号弱，通话经常中断']);
    expect(titlesFor('弱')).toEqual(['手机信号弱，通话经常中断']);
    const [id] = tickets.listTickets(contextOf(store.db, agent1001, { now: () => new Date() }), { scope: 'team', text: '网速' }).rows.map((row) => row.id);
    tickets.addNote(contextOf(store.db, agent1001, { now: () => new Date() }), id!, '已派单给装维，预约周六上门');
    expect(titlesFor('装维')).toEqual(['宽带网速慢，晚上尤其明显']);
  });

  it('finds mixed Chinese/Latin/digit terms, all required, and phone fragments', () => {
    expect(titlesFor('5G套餐')).toEqual(['5G套餐降档后仍按原价扣费']);
    expect(titlesFor('FTTH 光猫')).toEqual(['宽带网速慢，晚上尤其明显']);
    expect(titlesFor('光猫 信号')).toEqual([]);
    expect(titlesFor('1395555')).toEqual(['5G套餐降档后仍按原价扣费']);
  });

  it('finds a ticket by any run of 4+ digits of the customer phone, as agents type it', () => {
    submit({ title: '携号转网后无法接收短信', customerName: '赵先生', customerPhone: '13912345678', description: '转入后短信收不到', customerDemand: '恢复短信' });
    const target = ['携号转网后无法接收短信'];
    for (const query of ['5678', '45678', '尾号5678', '尾号 5678', '139 1234 5678', '139-1234-5678', '13912345678', '1391234', '2345', '9123']) {
      expect(titlesFor(query), query).toEqual(target);
    }
    expect(titlesFor('尾号5678 短信'), 'with another term').toEqual(target);
    expect(titlesFor('尾号5678 光猫'), 'all terms required').toEqual([]);
    expect(titlesFor('5679')).toEqual([]);
    // Fewer than 4 digits say too little inside a number: only where a number starts (as before).
    expect(titlesFor('678')).toEqual([]);
    expect(titlesFor('139')).toEqual(['5G套餐降档后仍按原价扣费', target[0]!].sort());
    // 5G stays a word: the phone rule does not cut it.
    expect(titlesFor('5G套餐')).toEqual(['5G套餐降档后仍按原价扣费']);
  });

  it('finds the customer by pinyin initials and a title by full pinyin', () => {
    expect(titlesFor('zns')).toEqual(['5G套餐降档后仍按原价扣费']);
    expect(titlesFor('kuandai')).toEqual(['宽带网速慢，晚上尤其明显']);
  });

  it('searches whatever is typed literally: FTS syntax, quotes and emoji never raise', () => {
    for (const hostile of ['"', 'NEAR(信号', '信号 OR 宽带', '-*', '😀', '\\', '信号'.repeat(50)]) {
      expect(() => titlesFor(hostile)).not.toThrow();
    }
    expect(titlesFor('信号 OR 宽带')).toEqual([]); // every term required, OR is a word
  });
});

describe('a store from before the shared engine', () => {
  it('finds its old tickets after the next sign-in rebuilds the index', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-ticket-search-'));
    try {
      const file = path.join(dir, 'agent-1001.db');
      const before = openStore(file, { migrations: workstationMigrations().filter((migration) => migration.version < 80) });
      const doc = ticketDocument(undefined, { title: '携号转网被拒，提示欠费', customerName: '赵先生' });
      const { events: _events, ...stored } = doc;
      before.prepare(
        `INSERT INTO tickets (id, number, type, form_id, status, priority, priority_rank, title, customer_phone, owner_id, team, assignee_team, escalation_level, created_at, updated_at, rev)
         VALUES (?, ?, 'inquiry', 'inquiry', 'submitted', 'normal', 1, ?, ?, '1001', '宽带一组', '宽带一组', 0, ?, ?, 3)`,
      ).run(doc.id, doc.number, doc.title, doc.customerPhone, doc.createdAt, doc.updatedAt);
      before.prepare('INSERT INTO ticket_docs (id, doc) VALUES (?, ?)').run(doc.id, JSON.stringify(stored));
      before.close();

      const after = openStore(file);
      expect(tickets.searchTickets(after, '携号')).toEqual(new Set()); // not indexed yet
      expect(tickets.ensureTicketSearchIndex(after)).toBe(1);
      expect(tickets.searchTickets(after, '携号')!.size).toBe(1);
      expect(tickets.searchTickets(after, 'zxs')!.size).toBe(1);
      expect(tickets.ensureTicketSearchIndex(after)).toBe(0); // once
      after.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
