import { z } from 'zod';
import { ScriptRunSummary } from '../scripts/compliance.js';

export const CallDisposition = z.enum(['answered', 'missed', 'rejected', 'busy', 'failed', 'abandoned']);
export type CallDisposition = z.infer<typeof CallDisposition>;

const IsoTime = z.iso.datetime();

/** One call in the agent's history (local `calls` table, synced as collection `calls`). */
export const CallRecord = z.object({
  id: z.string().min(1).max(80),
  direction: z.enum(['inbound', 'outbound']),
  number: z.string().max(64),
  ringAt: IsoTime,
  answerAt: IsoTime.nullable().default(null),
  endAt: IsoTime.nullable().default(null),
  holdSeconds: z.number().min(0).max(86_400).default(0),
  afterCallWorkSeconds: z.number().min(0).max(86_400).default(0),
  disposition: CallDisposition,
  ticketId: z.string().max(80).nullable().default(null),
  /** Filled by the scripts feature: which checkpoints the agent covered. */
  scriptCompliance: z.record(z.string(), z.unknown()).nullable().default(null),
});
export type CallRecord = z.infer<typeof CallRecord>;

/**
 * One line of the agent's call history: every call, answered or not, with the number masked
 * (PII), the ticket it led to, and the script compliance record (质检证据) when a script was used.
 */
export const CallHistoryEntry = z.object({
  id: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  maskedNumber: z.string(),
  ringAt: z.string(),
  /** Talk time from answer to hang-up; null for a call never answered. */
  talkSeconds: z.number().nonnegative().nullable(),
  disposition: CallDisposition,
  ticketId: z.string().nullable(),
  /** The ticket's GD number as the agent knows it; null when this machine no longer holds the ticket (local retention). */
  ticketNumber: z.string().nullable(),
  script: ScriptRunSummary.nullable(),
});
export type CallHistoryEntry = z.infer<typeof CallHistoryEntry>;

export const CallKpis = z.object({
  callsToday: z.number().int().nonnegative(),
  /** Talk + hold + after-call work, averaged over answered calls today; null with no answered call. */
  averageHandleSeconds: z.number().nonnegative().nullable(),
  /** Incoming calls answered within 15 s of ringing ÷ incoming calls offered today; null when none. */
  answeredWithin15sRate: z.number().min(0).max(1).nullable(),
  notReadySeconds: z.number().nonnegative(),
});
export type CallKpis = z.infer<typeof CallKpis>;

export const RecentTicket = z.object({
  id: z.string(),
  type: z.string(),
  status: z.string(),
  title: z.string(),
  createdAt: z.string(),
});
export type RecentTicket = z.infer<typeof RecentTicket>;

export const ScreenPop = z.object({
  recentTickets: z.array(RecentTicket),
  articles: z.array(z.object({ id: z.string(), title: z.string(), category: z.string() })),
});
export type ScreenPop = z.infer<typeof ScreenPop>;

