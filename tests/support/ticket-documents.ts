import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { Mutation } from '../../src-shared/sync/protocol.js';
import { ticketNumber, type TicketDocument, type TicketEvent } from '../../src-shared/tickets/ticket.js';
import { openStore, type Db } from '../../src-main/services/store/open-store.js';
import { applyCodeTreeChange, applyFormChange, createDraft, saveDraft, submitDraft } from '../../src-main/services/tickets/index.js';
import { DEFAULT_SEEDS_DIR } from '../../src-server/seed/load-seeds.js';
import { readTicketSeeds } from '../../src-server/seed/ticket-seeds.js';

// Tickets exactly as the workstation's ticket service writes them against the seed forms, for tests
// and benches that push straight to a real central API (which checks every pushed ticket with the
// published forms). One inquiry is made by the real service once; copies get their own id and number.

/** The seed forms and complaint codes, applied to an agent store as a pull would apply them. */
export function applySeedTicketConfig(db: Db): void {
  const seeds = readTicketSeeds(DEFAULT_SEEDS_DIR);
  db.transaction(() => {
    seeds.forms.forEach((form, index) => applyFormChange(db, { collection: 'forms', id: form.id, rev: index + 1, deleted: false, data: form }));
    seeds.codeTrees.forEach((tree) => applyCodeTreeChange(db, { collection: 'codes', id: tree.id, rev: 1, deleted: false, data: tree }));
  })();
}

/** A valid complaint on the seed form (weak mobile signal). */
export const COMPLAINT_VALUES = {
  customerPhone: '13812341234',
  customerName: '王先生',
  title: '手机信号弱，通话经常中断',
  complaintCode: 'NQ-MOB-WEAK',
  repeatComplaint: 'no',
  priority: 'normal',
  description: '家中信号只有一格，已持续一周',
  customerDemand: '尽快优化信号',
  callbackWanted: 'no',
};

/** What an agent fills in on the seed inquiry form for a broadband outage (valid as it is). */
export const INQUIRY_VALUES = {
  customerPhone: '13800000000',
  title: '宽带断网，光猫LOS灯红',
  topic: 'broadband',
  priority: 'normal',
  description: '客户家中宽带自昨晚起无法上网，光猫 LOS 灯红色常亮',
  answeredOnCall: 'yes',
  answer: '已指导客户重启光猫并检查光纤接头，仍未恢复，已转故障报修',
  callbackWanted: 'no',
};

const AGENT = { id: '1001', name: '张敏', team: '宽带一组', role: 'agent' as const };
/** The seed agents of 宽带一组, as ticket writers: the server takes a ticket or event only from its own author. */
export const SEED_AGENTS = { '1001': AGENT, '1002': { id: '1002', name: '刘洋', team: '宽带一组', role: 'agent' as const } };
type Writer = typeof AGENT | (typeof SEED_AGENTS)['1002'];
let template: TicketDocument | undefined;

function inquiryTemplate(): TicketDocument {
  if (template) return template;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-ticket-template-'));
  const db = openStore(path.join(dir, 'template.db'));
  try {
    applySeedTicketConfig(db);
    const ctx = { db, actor: AGENT, now: () => new Date() };
    const draft = createDraft(ctx, 'inquiry');
    saveDraft(db, draft.id, { ...draft.values, ...INQUIRY_VALUES } as never, null, new Date());
    submitDraft(ctx, draft.id);
    const payload = db.prepare(`SELECT payload FROM outbox WHERE op = 'create'`).pluck().get() as string;
    template = (JSON.parse(payload) as { patch: TicketDocument }).patch;
    return template;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A valid inquiry ticket document with a fresh id (or the given one) and number. */
export function ticketDocument(id: string = uuidv7(), overrides: Partial<TicketDocument> = {}): TicketDocument {
  const base = inquiryTemplate();
  return { ...structuredClone(base), id, number: ticketNumber(id, new Date(base.createdAt)), ...overrides };
}

/** The same inquiry, taken by another agent of the team (its first-contact owner and handler). */
export function ticketDocumentBy(writer: Writer, id: string = uuidv7()): TicketDocument {
  return ticketDocument(id, { owner: { id: writer.id, name: writer.name, team: writer.team }, assignee: { team: writer.team, agentId: writer.id, name: writer.name } });
}

/** A uuid-shaped ticket id that sorts and reads as `<n>` of a run, e.g. for thousands of pushes. */
export function ticketId(run: number, n: number): string {
  const hex = (value: number, width: number) => value.toString(16).padStart(width, '0').slice(-width);
  return `${hex(run, 8)}-0000-7000-8000-${hex(n, 12)}`;
}

/** The push mutation that creates a ticket, as the workstation sends it. */
export function createTicketMutation(doc: TicketDocument = ticketDocument()): Mutation {
  return { mutationId: uuidv7(), collection: 'tickets', id: doc.id, baseRev: null, op: 'create', patch: doc };
}

/** An append of a note event (append-only: never conflicts). */
export function noteEvent(note: string, actor: Writer = AGENT): TicketEvent {
  return { id: uuidv7(), kind: 'note', at: new Date().toISOString(), actor: actor.id, actorName: actor.name, actorRole: actor.role, note };
}

export function appendNoteMutation(ticketId: string, note: string, actor: Writer = AGENT): Mutation {
  return { mutationId: uuidv7(), collection: 'tickets', id: ticketId, baseRev: null, op: 'append', patch: { events: [noteEvent(note, actor)] } };
}
