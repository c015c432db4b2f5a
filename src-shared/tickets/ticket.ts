import { z } from 'zod';
import { AgentId, AgentRole } from '../domain/agent.js';
import { EscalationLevel, FormValues, Priority } from './form-schema.js';
import { TicketStatus } from './workflow.js';

// A ticket as synced (collection `tickets`) and stored on the server. Events are append-only: the
// server appends pushed `append` ops to `events`; they never conflict.

export const TicketId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

export const TicketEventKind = z.enum([
  'submitted',
  'transition',
  'note',
  'escalated',
  'transferred',
  'callbackSet',
  'callbackDone',
  'callLinked',
  'revealed',
  'edited',
]);
export type TicketEventKind = z.infer<typeof TicketEventKind>;

export const TicketEvent = z
  .object({
    id: z.string().min(1).max(64),
    kind: TicketEventKind,
    /** When the centre recorded it (set by the server from its clock, like actor and role from the token). */
    at: z.string().datetime(),
    /** When the workstation recorded it, by its own clock (an offline note arrives later than it was written). */
    recordedAt: z.string().datetime().optional(),
    actor: AgentId,
    actorName: z.string().max(64),
    actorRole: AgentRole,
    from: TicketStatus.optional(),
    to: TicketStatus.optional(),
    note: z.string().max(5000).optional(),
    level: EscalationLevel.optional(),
    reason: z.string().max(500).optional(),
    team: z.string().max(64).optional(),
    field: z.string().max(40).optional(),
    callId: z.string().max(120).optional(),
    callbackAt: z.string().datetime().optional(),
  })
  .strict();
export type TicketEvent = z.infer<typeof TicketEvent>;

export const PersonRef = z.object({ id: AgentId, name: z.string().max(64), team: z.string().max(64) }).strict();
export type PersonRef = z.infer<typeof PersonRef>;

export const Escalation = z
  .object({
    level: EscalationLevel,
    reason: z.string().min(2).max(500),
    at: z.string().datetime(),
    by: AgentId,
    byName: z.string().max(64),
    /** The handler's contact promise (or, where the level makes none, the resolution one). */
    dueAt: z.string().datetime(),
    /** The resolution promise; absent on escalations raised before the ladder, whose dueAt was the only one. */
    resolveDueAt: z.string().datetime().optional(),
    answeredAt: z.string().datetime().nullable(),
  })
  .strict();
export type Escalation = z.infer<typeof Escalation>;

export const LinkedCall = z.object({ callId: z.string().min(1).max(120), startedAt: z.string().datetime() }).strict();
export type LinkedCall = z.infer<typeof LinkedCall>;

const iso = z.string().datetime();

export const TicketDocument = z
  .object({
    id: TicketId,
    /** Human-readable number agents read out to customers, e.g. GD20261123-8F3A2C. */
    number: z.string().regex(/^GD\d{8}-[0-9A-F]{6}$/),
    type: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/),
    formId: z.string().max(40),
    formVersion: z.number().int().positive(),
    status: TicketStatus,
    priority: Priority,
    title: z.string().min(1).max(200),
    customerPhone: z.string().max(20),
    customerName: z.string().max(64).nullable(),
    complaintCode: z.string().max(40).nullable(),
    callbackAt: iso.nullable(),
    callbackDoneAt: iso.nullable(),
    fields: FormValues,
    /** 首问负责人: the agent who first took the contact. Never changes, whoever handles it later. */
    owner: PersonRef,
    /** The owner's team: whose members pull this ticket. */
    team: z.string().min(1).max(64),
    /** Who handles it now (a team; an agent once someone takes it). */
    assignee: z.object({ team: z.string().min(1).max(64), agentId: AgentId.nullable(), name: z.string().max(64).nullable() }).strict(),
    escalationLevel: z.union([z.literal(0), EscalationLevel]),
    escalations: z.array(Escalation).max(3),
    calls: z.array(LinkedCall).max(50),
    createdAt: iso,
    submittedAt: iso,
    firstResponseAt: iso.nullable(),
    resolvedAt: iso.nullable(),
    closedAt: iso.nullable(),
    updatedAt: iso,
    firstResponseDueAt: iso,
    resolutionDueAt: iso,
    events: z.array(TicketEvent).max(2000).default([]),
  })
  .strict();
export type TicketDocument = z.infer<typeof TicketDocument>;

/** GD + local date + six hex digits of the (random part of the) id: short enough to read out. */
export function ticketNumber(id: string, createdAt: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${createdAt.getFullYear()}${pad(createdAt.getMonth() + 1)}${pad(createdAt.getDate())}`;
  return `GD${date}-${id.replace(/-/g, '').slice(-6).toUpperCase()}`;
}
