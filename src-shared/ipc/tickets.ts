import { z } from 'zod';
import { AgentId } from '../domain/agent.js';
import { EscalationLevel, FileRef, FormSchema, FormValues, Priority } from '../tickets/form-schema.js';
import { Escalation, LinkedCall, PersonRef, TicketEvent, TicketId } from '../tickets/ticket.js';
import { TicketStatus } from '../tickets/workflow.js';
import { channel } from './define.js';

// IPC of the tickets feature. Customer phone and ID numbers leave main masked; the raw value only
// comes back from `tickets.reveal`, which writes the audit log first.

export const CallContextInput = z
  .object({
    callId: z.string().min(1).max(120),
    number: z.string().min(3).max(32),
    startedAt: z.string().datetime({ offset: true }),
    scenario: z.string().max(80).optional(),
  })
  .strict();
export type CallContextInput = z.infer<typeof CallContextInput>;

export const Draft = z.object({
  id: z.string(),
  formId: z.string(),
  ticketId: z.string().nullable(),
  values: FormValues,
  focusField: z.string().nullable(),
  call: CallContextInput.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Draft = z.infer<typeof Draft>;

export const CodeLeafView = z.object({
  code: z.string(),
  path: z.array(z.object({ zh: z.string(), en: z.string() })),
  initials: z.string(),
});

export const TicketScope = z.enum(['mine', 'team', 'followups']);
export type TicketScope = z.infer<typeof TicketScope>;
export const TicketSort = z.enum(['created_desc', 'updated_desc', 'due_asc', 'priority_desc']);
export type TicketSort = z.infer<typeof TicketSort>;

export const TicketListQuery = z
  .object({
    scope: TicketScope,
    statuses: z.array(TicketStatus).max(8).optional(),
    types: z.array(z.string().max(40)).max(20).optional(),
    priorities: z.array(Priority).max(4).optional(),
    sla: z.enum(['dueSoon', 'breached']).optional(),
    /** A leaf code or a parent prefix (NQ, NQ-MOB). */
    complaintCode: z.string().max(40).optional(),
    rejectedOnly: z.boolean().optional(),
    text: z.string().max(100).optional(),
    sort: TicketSort.default('created_desc'),
    offset: z.number().int().nonnegative().max(10_000_000).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export type TicketListQuery = z.input<typeof TicketListQuery>;

export const TicketRow = z.object({
  id: z.string(),
  number: z.string(),
  type: z.string(),
  status: TicketStatus,
  priority: Priority,
  title: z.string(),
  customerPhoneMasked: z.string(),
  complaintCode: z.string().nullable(),
  ownerId: z.string(),
  assigneeTeam: z.string(),
  escalationLevel: z.number().int(),
  callbackAt: z.string().nullable(),
  callbackDoneAt: z.string().nullable(),
  slaDueAt: z.string().nullable(),
  slaWarnAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  pending: z.boolean(),
  rejectedReason: z.string().nullable(),
});
export type TicketRow = z.infer<typeof TicketRow>;

export const TicketPage = z.object({ total: z.number().int(), offset: z.number().int(), rows: z.array(TicketRow) });
export type TicketPage = z.infer<typeof TicketPage>;

export const TicketDetail = z.object({
  id: z.string(),
  number: z.string(),
  type: z.string(),
  formId: z.string(),
  status: TicketStatus,
  priority: Priority,
  title: z.string(),
  customerPhoneMasked: z.string(),
  customerName: z.string().nullable(),
  complaintCode: z.string().nullable(),
  /** Form values with phone and ID fields masked. */
  fields: FormValues,
  maskedFields: z.array(z.string()),
  owner: PersonRef,
  team: z.string(),
  assignee: z.object({ team: z.string(), agentId: AgentId.nullable(), name: z.string().nullable() }),
  escalationLevel: z.number().int(),
  escalations: z.array(Escalation),
  calls: z.array(LinkedCall),
  callbackAt: z.string().nullable(),
  callbackDoneAt: z.string().nullable(),
  createdAt: z.string(),
  submittedAt: z.string(),
  firstResponseAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  updatedAt: z.string(),
  firstResponseDueAt: z.string(),
  resolutionDueAt: z.string(),
  events: z.array(TicketEvent),
  pending: z.boolean(),
  rejectedReason: z.string().nullable(),
});
export type TicketDetail = z.infer<typeof TicketDetail>;

export const CallbackReminder = z.object({ id: z.string(), number: z.string(), title: z.string(), callbackAt: z.string() });
export type CallbackReminder = z.infer<typeof CallbackReminder>;

const reason = z.string().trim().min(2, '请填写原因（至少 2 个字）').max(500);
const id = z.object({ id: TicketId }).strict();

export const ticketChannels = {
  'tickets.config': channel(
    z.object({}).strict(),
    z.object({ forms: z.array(FormSchema), codes: z.record(z.string(), z.array(CodeLeafView)) }),
  ),
  /** `prefill`: values a script's ticket link fills in over the form's defaults. */
  'tickets.newDraft': channel(z.object({ formId: z.string().max(40), call: CallContextInput.optional(), prefill: FormValues.optional() }).strict(), Draft),
  /** Opens the right form for a call (by its scenario), pre-filled from the call and linked to it. */
  'tickets.openFromCall': channel(CallContextInput, Draft),
  'tickets.saveDraft': channel(
    z.object({ id: z.string().max(64), values: FormValues, focusField: z.string().max(40).nullable() }).strict(),
    z.object({ savedAt: z.string() }),
  ),
  'tickets.drafts': channel(z.object({}).strict(), z.array(Draft)),
  'tickets.discardDraft': channel(z.object({ id: z.string().max(64) }).strict(), z.object({})),
  /** `resolve`: submit as 已解决 in one step, where the form allows it (FormSchema.resolvedOnSubmit). */
  'tickets.submitDraft': channel(z.object({ id: z.string().max(64), resolve: z.boolean().optional() }).strict(), z.object({ ticketId: z.string() })),
  'tickets.list': channel(TicketListQuery, TicketPage),
  'tickets.get': channel(id, TicketDetail),
  'tickets.transition': channel(z.object({ id: TicketId, to: TicketStatus, note: z.string().max(5000).optional() }).strict(), TicketDetail),
  'tickets.note': channel(z.object({ id: TicketId, note: z.string().trim().min(1, '请填写备注').max(5000) }).strict(), TicketDetail),
  'tickets.escalate': channel(z.object({ id: TicketId, level: EscalationLevel, reason }).strict(), TicketDetail),
  'tickets.transfer': channel(z.object({ id: TicketId, team: z.string().trim().min(1).max(64), reason }).strict(), TicketDetail),
  'tickets.setCallback': channel(z.object({ id: TicketId, at: z.string().datetime({ offset: true }) }).strict(), TicketDetail),
  'tickets.callbackDone': channel(z.object({ id: TicketId, note: z.string().max(2000).optional() }).strict(), TicketDetail),
  'tickets.linkCall': channel(z.object({ id: TicketId, callId: z.string().min(1).max(120), startedAt: z.string().datetime({ offset: true }) }).strict(), TicketDetail),
  /** Shows one masked value; written to the audit log with the reason before it is returned. */
  'tickets.reveal': channel(z.object({ id: TicketId, field: z.string().max(40), reason }).strict(), z.object({ value: z.string() })),
  /** Opens a rejected ticket as a draft with its real values (audited), to fix and resubmit. */
  'tickets.editRejected': channel(id, Draft),
  /** The file's type is read from its bytes (src-shared/tickets/attachment-types.ts), never taken from the page. */
  'tickets.attach': channel(
    z.object({ name: z.string().min(1).max(255), dataBase64: z.string().max(7_000_000) }).strict(),
    FileRef,
  ),
  /** An attachment's bytes, to save or preview. */
  'tickets.attachment': channel(z.object({ ticketId: z.string().min(1).max(80), id: z.string().min(1).max(80) }).strict(), z.object({ name: z.string(), mime: z.string(), dataBase64: z.string() })),
  'tickets.callbackReminders': channel(z.object({}).strict(), z.array(CallbackReminder)),
};

export const ticketEvents = {
  /** Tickets changed (a local write or a pull): lists and open tickets refresh. */
  'tickets.changed': z.object({ ids: z.array(z.string()) }),
  /** New forms or code trees were pulled. */
  'tickets.configChanged': z.object({}),
};
