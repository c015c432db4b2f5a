import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jsonColumn, parseRow } from '../../../src-node/sqlite/rows.js';
import { addNote, createDraft, getDraft, saveDraft, submitDraft } from '../../../src-main/services/tickets/index.js';
import { readEvents, readTicketDoc } from '../../../src-main/services/tickets/ticket-rows.js';
import { INQUIRY_VALUES } from '../../support/ticket-documents.js';
import { agent1001, openTicketStore } from './ticket-store.js';

// A row read back from the real SQLite file, corrupted by plain SQL behind the service's back (a
// disk fault, another build, a hand edit): the reader must say which table and column is wrong,
// not hand `undefined`, a string where a number belongs, or a bare JSON SyntaxError to a feature.

let store: ReturnType<typeof openTicketStore>;
let ticketId: string;

beforeEach(() => {
  store = openTicketStore();
  const ctx = { db: store.db, actor: agent1001, now: () => new Date('2026-03-02T09:00:00Z') };
  const draft = createDraft(ctx, 'inquiry');
  saveDraft(store.db, draft.id, { ...draft.values, ...INQUIRY_VALUES } as never, null, ctx.now());
  ticketId = submitDraft(ctx, draft.id);
  addNote(ctx, ticketId, '已回访，客户确认恢复');
});
afterEach(() => store.close());

describe('rows read back from SQLite are parsed, not cast (store/rows.ts)', () => {
  it('an intact ticket reads back as written', () => {
    const read = readTicketDoc(store.db, ticketId)!;
    expect(read.doc).toMatchObject({ id: ticketId, title: INQUIRY_VALUES.title, customerPhone: INQUIRY_VALUES.customerPhone, status: 'submitted' });
    expect(read.rev).toBe(0);
    expect(readEvents(store.db, ticketId).map((event) => event.note)).toContain('已回访，客户确认恢复');
  });

  it('a ticket document whose JSON is cut off is a clear error naming the table and column', () => {
    store.db.prepare('UPDATE ticket_docs SET doc = substr(doc, 1, 40) WHERE id = ?').run(ticketId);
    expect(() => readTicketDoc(store.db, ticketId)).toThrow(/^Unexpected row in tickets\/ticket_docs: doc is not valid JSON \(/);
  });

  it('valid JSON of the wrong shape names the field inside the document', () => {
    store.db.prepare(`UPDATE ticket_docs SET doc = json_set(doc, '$.status', 'flying', '$.priority', 7) WHERE id = ?`).run(ticketId);
    let message = '';
    try {
      readTicketDoc(store.db, ticketId);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Unexpected row in tickets\/ticket_docs: /);
    expect(message).toContain('doc.status');
    expect(message).toContain('doc.priority');
  });

  it('a column of the wrong type never gets in: tickets is a STRICT table', () => {
    expect(() => store.db.prepare(`UPDATE tickets SET rev = 'seven' WHERE id = ?`).run(ticketId)).toThrow(/cannot store TEXT value in INTEGER column tickets\.rev/);
    expect(readTicketDoc(store.db, ticketId)!.rev).toBe(0);
  });

  it('a corrupt event row names ticket_events', () => {
    store.db.prepare(`UPDATE ticket_events SET data = 'not json' WHERE ticket_id = ? AND kind = 'note'`).run(ticketId);
    expect(() => readEvents(store.db, ticketId)).toThrow(/^Unexpected row in ticket_events: is not valid JSON \(/);
  });

  it('a draft whose saved values are not form values names ticket_drafts and the column', () => {
    const ctx = { db: store.db, actor: agent1001, now: () => new Date('2026-03-02T09:05:00Z') };
    const draft = createDraft(ctx, 'inquiry');
    expect(getDraft(store.db, draft.id).formId).toBe('inquiry');
    store.db.prepare(`UPDATE ticket_drafts SET field_values = '[1,2' WHERE id = ?`).run(draft.id);
    expect(() => getDraft(store.db, draft.id)).toThrow(/^Unexpected row in ticket_drafts: field_values is not valid JSON/);
    store.db.prepare(`UPDATE ticket_drafts SET field_values = '"just text"' WHERE id = ?`).run(draft.id);
    expect(() => getDraft(store.db, draft.id)).toThrow(/^Unexpected row in ticket_drafts: field_values /);
  });

  it('a missing row is not an error', () => {
    expect(readTicketDoc(store.db, '00000000-0000-7000-8000-000000000000')).toBeUndefined();
  });
});

describe('parseRow and jsonColumn on their own', () => {
  const Row = z.object({ n: z.number().int(), data: jsonColumn(z.object({ ok: z.boolean() })) });

  it('accepts a good row and parses its JSON column', () => {
    expect(parseRow(Row, { n: 1, data: '{"ok":true}' }, 'demo')).toEqual({ n: 1, data: { ok: true } });
  });

  it.each([
    [{ n: '1', data: '{"ok":true}' }, /^Unexpected row in demo: n /],
    [{ n: 1, data: '{"ok":' }, /^Unexpected row in demo: data is not valid JSON/],
    [{ n: 1, data: '{"ok":"yes"}' }, /^Unexpected row in demo: data\.ok /],
    [{ n: 1, data: null }, /^Unexpected row in demo: data /],
    [{ n: 1 }, /^Unexpected row in demo: data /],
  ])('refuses %j', (row, message) => {
    expect(() => parseRow(Row, row, 'demo')).toThrow(message);
  });
});
