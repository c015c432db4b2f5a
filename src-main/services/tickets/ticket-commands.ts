import { annotateCall } from '../calls/call-store.js';
import { v7 as uuidv7 } from 'uuid';
import type { Draft } from '../../../src-shared/ipc/tickets.js';
import { AppFailure } from '../../../src-shared/result.js';
import { deriveAttributes, evaluateCondition, submittableValues, validateForm } from '../../../src-shared/tickets/form-engine.js';
import type { EscalationLevel, FormSchema } from '../../../src-shared/tickets/form-schema.js';
import { ESCALATION_LADDER, escalationDueTimes } from '../../../src-shared/tickets/escalation-ladder.js';
import { slaDueTimes } from '../../../src-shared/tickets/sla.js';
import { ticketNumber, type TicketDocument, type TicketEvent } from '../../../src-shared/tickets/ticket.js';
import { maskTicketFields } from '../../../src-shared/tickets/personal-fields.js';
import { canAddNote, canEscalate, canTransfer, canTransition, countsAsFirstResponse, type TicketStatus } from '../../../src-shared/tickets/workflow.js';
import { diffPaths } from '../../../src-shared/sync/patch-paths.js';
import { writeAudit } from '../store/audit-log.js';
import { enqueueMutation } from '../sync/outbox.js';
import type { Db } from '../store/open-store.js';
import type { TicketContext } from './context.js';
import { createDraft, getDraft } from './drafts.js';
import { codeLeafSets, requireForm } from './published-config.js';
import { supersedeDeadLetters } from '../sync/sync-issues.js';
import { readEvents, readTicketDoc, saveEvent, saveTicketRow, setRejected } from './ticket-rows.js';

// Every agent write to a ticket: the local row and its outbox mutation in one transaction
// (enqueueMutation), events as `append` ops that never conflict. The UI never waits for the network.

/**
 * Turns a draft into a ticket (or, for a draft of a rejected ticket, resubmits it). Returns the ticket
 * id. With `resolve`, a new ticket the form lets finish on the call (resolvedOnSubmit) is also moved
 * to 已解决 with its note, in the same transaction: both land, with their outbox entries, or neither.
 */
export function submitDraft(ctx: TicketContext, draftId: string, options: { resolve?: boolean } = {}): string {
  const draft = getDraft(ctx.db, draftId);
  const form = requireForm(ctx.db, draft.formId);
  const now = ctx.now();
  const issues = validateForm(form, draft.values, { type: form.type, now, codeLeaves: codeLeafSets(ctx.db) });
  if (issues.length > 0) {
    throw new AppFailure(
      'VALIDATION',
      `Ticket form has ${issues.length} problem(s)`,
      issues.map((issue) => ({ path: issue.field, message: issue.message.zh })),
    );
  }
  const values = submittableValues(form, draft.values, form.type);
  const derived = deriveAttributes(form, values);
  if (draft.ticketId) return resubmit(ctx, draft, form, values, derived);
  if (!options.resolve) return create(ctx, draft, form, values, derived);
  const finish = form.resolvedOnSubmit;
  if (!finish || !evaluateCondition(finish.when, values, form.type)) {
    throw new AppFailure('VALIDATION', '此工单不能在提交时直接办结（表单未注明当场解决） / This ticket cannot be resolved on submission: the form does not say it was settled on the call');
  }
  if (!canTransition('submitted', 'resolved', ctx.actor.role)) throw new AppFailure('FORBIDDEN', `A ${ctx.actor.role} cannot resolve tickets`);
  return ctx.db.transaction(() => {
    const id = create(ctx, draft, form, values, derived);
    const note = values[finish.note];
    transitionTicket(ctx, id, 'resolved', typeof note === 'string' ? note : undefined);
    return id;
  })();
}

function create(ctx: TicketContext, draft: Draft, form: FormSchema, values: TicketDocument['fields'], derived: ReturnType<typeof deriveAttributes>): string {
  const { db, actor } = ctx;
  const now = ctx.now();
  const at = now.toISOString();
  const id = uuidv7();
  const due = slaDueTimes(at, form.sla[derived.priority]!);
  const doc: TicketDocument = {
    id,
    number: ticketNumber(id, now),
    type: form.type,
    formId: form.id,
    formVersion: form.version,
    status: 'submitted',
    priority: derived.priority,
    title: derived.title,
    customerPhone: derived.customerPhone,
    customerName: derived.customerName,
    complaintCode: derived.complaintCode,
    callbackAt: derived.callbackAt,
    callbackDoneAt: null,
    fields: values,
    owner: { id: actor.id, name: actor.name, team: actor.team },
    team: actor.team,
    assignee: { team: actor.team, agentId: actor.id, name: actor.name },
    escalationLevel: 0,
    escalations: [],
    calls: draft.call ? [{ callId: draft.call.callId, startedAt: new Date(draft.call.startedAt).toISOString() }] : [],
    createdAt: draft.createdAt,
    submittedAt: at,
    firstResponseAt: null,
    resolvedAt: null,
    closedAt: null,
    updatedAt: at,
    ...due,
    events: [],
  };
  db.transaction(() => {
    saveTicketRow(db, doc, form);
    const { events: _events, ...created } = doc;
    enqueueMutation(db, { collection: 'tickets', entityId: id, op: 'create', patch: created, baseRev: null }, now);
    appendEvent(ctx, id, { kind: 'submitted', to: 'submitted', callId: draft.call?.callId, ...(derived.callbackAt ? { callbackAt: derived.callbackAt } : {}) });
    // The call record points back at its ticket (call history, quality inspection).
    if (draft.call) annotateCall(db, draft.call.callId, { ticketId: id }, now);
    db.prepare('DELETE FROM ticket_drafts WHERE id = ?').run(draft.id);
  }).immediate();
  return id;
}

function resubmit(ctx: TicketContext, draft: Draft, form: FormSchema, values: TicketDocument['fields'], derived: ReturnType<typeof deriveAttributes>): string {
  const ticketId = draft.ticketId!;
  const { db } = ctx;
  const fixed = {
    fields: values,
    title: derived.title,
    customerPhone: derived.customerPhone,
    customerName: derived.customerName,
    priority: derived.priority,
    complaintCode: derived.complaintCode,
    callbackAt: derived.callbackAt,
    formVersion: form.version,
  };
  const edited: NewEvent = { kind: 'edited', note: '修改后重新提交' };
  db.transaction(() => {
    const stored = readTicketDoc(db, ticketId);
    if (!stored) throw new AppFailure('NOT_FOUND', `No ticket ${ticketId}`);
    // The refused writes of this ticket are replaced by the fixed one; the audit log keeps them.
    supersedeDeadLetters(db, 'tickets', ticketId, ctx.actor.id, ctx.now());
    if (stored.rev === 0) {
      // The server never accepted this ticket: it goes out again whole, then every event so far
      // (history only grows by appends, never inside a create).
      const at = ctx.now();
      const event = newEvent(ctx, edited);
      saveEvent(db, ticketId, event);
      const doc: TicketDocument = { ...stored.doc, ...fixed, updatedAt: at.toISOString(), events: [] };
      saveTicketRow(db, doc, form);
      const { events: _events, ...created } = doc;
      enqueueMutation(db, { collection: 'tickets', entityId: ticketId, op: 'create', patch: created, baseRev: null }, at);
      enqueueMutation(db, { collection: 'tickets', entityId: ticketId, op: 'append', patch: { events: readEvents(db, ticketId) }, baseRev: null }, at);
    } else {
      changeTicket(ctx, ticketId, () => ({ patch: fixed, events: [edited] }));
    }
    setRejected(db, ticketId, null, ctx.now());
    db.prepare('DELETE FROM ticket_drafts WHERE id = ?').run(draft.id);
  }).immediate();
  return ticketId;
}

type NewEvent = Omit<TicketEvent, 'id' | 'at' | 'actor' | 'actorName' | 'actorRole'>;

function newEvent(ctx: TicketContext, event: NewEvent): TicketEvent {
  return {
    id: uuidv7(),
    at: ctx.now().toISOString(),
    actor: ctx.actor.id,
    actorName: ctx.actor.name,
    actorRole: ctx.actor.role,
    ...Object.fromEntries(Object.entries(event).filter(([, value]) => value !== undefined)),
  } as TicketEvent;
}

/** Stores one event and queues it as an `append` op. Must run inside the caller's transaction. */
function appendEvent(ctx: TicketContext, ticketId: string, event: NewEvent): TicketEvent {
  const full = newEvent(ctx, event);
  saveEvent(ctx.db, ticketId, full);
  enqueueMutation(ctx.db, { collection: 'tickets', entityId: ticketId, op: 'append', patch: { events: [full] }, baseRev: null }, ctx.now());
  return full;
}

/**
 * Applies one change to a ticket: the fields it changed go out as an `update` op based on the row's
 * server revision, the events as `append` ops, all in one transaction with the row.
 */
function changeTicket(
  ctx: TicketContext,
  ticketId: string,
  decide: (doc: TicketDocument, form: FormSchema) => { patch: Partial<TicketDocument>; events: NewEvent[] },
): void {
  const { db } = ctx;
  db.transaction(() => {
    const stored = readTicketDoc(db, ticketId);
    if (!stored) throw new AppFailure('NOT_FOUND', `No ticket ${ticketId}`);
    const form = requireForm(db, stored.doc.formId);
    const { patch, events } = decide(stored.doc, form);
    const now = ctx.now();
    const next: TicketDocument = { ...stored.doc, ...patch };
    // Only the paths that changed go out (each form field its own path), so a colleague's edit of
    // another field of the same ticket is never overwritten or called a conflict. The server
    // stamps updatedAt; the local row shows the local time until the centre's copy arrives.
    const paths = diffPaths(stored.doc, next, ['fields']);
    if (Object.keys(paths).length > 0) {
      saveTicketRow(db, { ...next, updatedAt: now.toISOString() }, form);
      enqueueMutation(db, { collection: 'tickets', entityId: ticketId, op: 'update', patch: paths, baseRev: stored.rev }, now);
    }
    for (const event of events) appendEvent(ctx, ticketId, event);
    // Notes are searchable: refresh the index when only events were added.
    if (Object.keys(paths).length === 0 && events.length > 0) saveTicketRow(db, stored.doc, form);
  }).immediate();
}

export function transitionTicket(ctx: TicketContext, ticketId: string, to: TicketStatus, note?: string): void {
  changeTicket(ctx, ticketId, (doc, form) => {
    if (!canTransition(doc.status, to, ctx.actor.role)) {
      throw new AppFailure('FORBIDDEN', `A ${ctx.actor.role} cannot move a ticket from ${doc.status} to ${to}`);
    }
    const at = ctx.now().toISOString();
    const patch: Partial<TicketDocument> = { status: to };
    if (countsAsFirstResponse(to) && !doc.firstResponseAt) patch.firstResponseAt = at;
    if (to === 'resolved') patch.resolvedAt = at;
    if (to === 'closed') patch.closedAt = at;
    if (to === 'reopened') {
      // A reopened ticket is a new promise to the customer: the resolution clock starts again.
      patch.resolvedAt = null;
      patch.closedAt = null;
      patch.resolutionDueAt = new Date(Date.parse(at) + form.sla[doc.priority]!.resolutionHours * 3_600_000).toISOString();
    }
    if (to === 'accepted' || to === 'in_progress') patch.assignee = { ...doc.assignee, agentId: ctx.actor.id, name: ctx.actor.name };
    // An escalation is answered when the receiving level acts on the ticket, or the ticket is resolved.
    if (to === 'resolved' || ctx.actor.role === 'teamlead' || ctx.actor.role === 'admin') {
      if (doc.escalations.some((escalation) => !escalation.answeredAt)) {
        patch.escalations = doc.escalations.map((escalation) => (escalation.answeredAt ? escalation : { ...escalation, answeredAt: at }));
      }
    }
    return { patch, events: [{ kind: 'transition', from: doc.status, to, note: note?.trim() || undefined }] };
  });
}

export function addNote(ctx: TicketContext, ticketId: string, note: string): void {
  if (!canAddNote(ctx.actor.role)) throw new AppFailure('FORBIDDEN', 'This role cannot add notes');
  changeTicket(ctx, ticketId, () => ({ patch: {}, events: [{ kind: 'note', note: note.trim() }] }));
}

export function escalateTicket(ctx: TicketContext, ticketId: string, level: EscalationLevel, reason: string): void {
  changeTicket(ctx, ticketId, (doc) => {
    if (!canEscalate(doc.escalationLevel, level, ctx.actor.role, doc.status)) {
      throw new AppFailure('FORBIDDEN', `Cannot escalate from level ${doc.escalationLevel} to ${level} as ${ctx.actor.role} (${doc.status})`);
    }
    // canEscalate allows only 二级 and 三级, and each has its queue.
    const team = ESCALATION_LADDER[level].queue!.zh;
    const at = ctx.now().toISOString();
    const escalation = { level, reason: reason.trim(), at, by: ctx.actor.id, byName: ctx.actor.name, ...escalationDueTimes(level, at), answeredAt: null };
    return {
      // The first-contact owner stays; only who handles it now changes.
      patch: { escalationLevel: level, escalations: [...doc.escalations, escalation], assignee: { team, agentId: null, name: null } },
      events: [{ kind: 'escalated', level, reason: reason.trim(), team }],
    };
  });
}

export function transferTicket(ctx: TicketContext, ticketId: string, team: string, reason: string): void {
  changeTicket(ctx, ticketId, (doc) => {
    if (!canTransfer(ctx.actor.role, doc.status)) throw new AppFailure('FORBIDDEN', `Cannot transfer a ${doc.status} ticket`);
    return { patch: { assignee: { team: team.trim(), agentId: null, name: null } }, events: [{ kind: 'transferred', team: team.trim(), reason: reason.trim() }] };
  });
}

export function setCallback(ctx: TicketContext, ticketId: string, at: string): void {
  if (!canAddNote(ctx.actor.role)) throw new AppFailure('FORBIDDEN', 'This role cannot promise callbacks');
  const iso = new Date(at).toISOString();
  if (Date.parse(iso) < ctx.now().getTime() - 60_000) throw new AppFailure('VALIDATION', 'Callback time is in the past', [{ path: 'callbackAt', message: '时间不能早于现在' }]);
  changeTicket(ctx, ticketId, () => ({ patch: { callbackAt: iso, callbackDoneAt: null }, events: [{ kind: 'callbackSet', callbackAt: iso }] }));
}

export function completeCallback(ctx: TicketContext, ticketId: string, note?: string): void {
  if (!canAddNote(ctx.actor.role)) throw new AppFailure('FORBIDDEN', 'This role cannot record callbacks');
  changeTicket(ctx, ticketId, (doc) => {
    if (!doc.callbackAt) throw new AppFailure('VALIDATION', 'No callback was promised on this ticket');
    return { patch: { callbackDoneAt: ctx.now().toISOString() }, events: [{ kind: 'callbackDone', note: note?.trim() || undefined }] };
  });
}

export function linkCall(ctx: TicketContext, ticketId: string, callId: string, startedAt: string): void {
  changeTicket(ctx, ticketId, (doc) => {
    if (doc.calls.some((call) => call.callId === callId)) return { patch: {}, events: [] };
    return { patch: { calls: [...doc.calls, { callId, startedAt: new Date(startedAt).toISOString() }] }, events: [{ kind: 'callLinked', callId }] };
  });
}

/**
 * Reveals one masked value. The audit log row (local) and a `revealed` event (synced) are written
 * in the same transaction before the value is returned: no reveal without its record.
 */
export function revealValue(ctx: TicketContext, ticketId: string, field: string, reason: string): string {
  const { db } = ctx;
  let value = '';
  db.transaction(() => {
    const stored = readTicketDoc(db, ticketId);
    if (!stored) throw new AppFailure('NOT_FOUND', `No ticket ${ticketId}`);
    const form = requireForm(db, stored.doc.formId);
    if (field === 'customerPhone') value = stored.doc.customerPhone;
    else if (maskTicketFields(form, stored.doc.fields).masked.includes(field)) value = String(stored.doc.fields[field]);
    else throw new AppFailure('VALIDATION', `${field} is not a masked field`);
    writeAudit(db, { at: ctx.now(), actor: ctx.actor.id, action: 'ticket.reveal', target: `${ticketId}:${field}`, reason: reason.trim() });
    appendEvent(ctx, ticketId, { kind: 'revealed', field, reason: reason.trim() });
  }).immediate();
  return value;
}

/** Opens a ticket the server rejected as a draft with its real values, to fix and resubmit (audited). */
export function editRejected(ctx: TicketContext, ticketId: string): Draft {
  const stored = readTicketDoc(ctx.db, ticketId);
  if (!stored) throw new AppFailure('NOT_FOUND', `No ticket ${ticketId}`);
  if (!stored.rejectedReason) throw new AppFailure('CONFLICT', 'Only a ticket the server rejected is edited as a draft');
  const existing = ctx.db.prepare('SELECT id FROM ticket_drafts WHERE ticket_id = ?').pluck().get(ticketId) as string | undefined;
  if (existing) return getDraft(ctx.db, existing);
  writeAudit(ctx.db, { at: ctx.now(), actor: ctx.actor.id, action: 'ticket.editRejected', target: ticketId, reason: stored.rejectedReason });
  return createDraft(ctx, stored.doc.formId, undefined, stored.doc.fields, ticketId);
}

/**
 * Called by the sync engine when the server answers a push with `rejected`. The ticket is never
 * dropped: it stays in the lists with the reason, and the agent can edit and resubmit it.
 */
export function markTicketRejected(db: Db, ticketId: string, reason: string, now = new Date()): void {
  // The first refusal says why; the ticket's later writes are refused only because of it (e.g. a
  // note on a ticket the server never accepted), so they must not replace the reason.
  const current = readTicketDoc(db, ticketId);
  if (current && current.rejectedReason === null) setRejected(db, ticketId, reason, now);
}
