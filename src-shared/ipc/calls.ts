import { z } from 'zod';
import { CallHistoryEntry, CallKpis, CallRecord, ScreenPop } from '../domain/calls.js';
import { channel } from './define.js';

/** The agent's call log: saved when a call ends, annotated by other features, read for history, KPIs and screen pop. */
export const callChannels = {
  'calls.save': channel(CallRecord, z.object({ id: z.string() })),
  /** Other features attach to a call: the tickets feature its ticket, the scripts feature its compliance. */
  'calls.annotate': channel(
    z
      .object({
        id: z.string().min(1).max(80),
        ticketId: z.string().min(1).max(80).optional(),
        scriptCompliance: z.record(z.string(), z.unknown()).optional(),
      })
      .strict(),
    CallRecord,
  ),
  'calls.kpis': channel(z.object({}).strict(), CallKpis),
  /** The newest calls first, each with its ticket and script compliance record. */
  'calls.history': channel(z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(), z.array(CallHistoryEntry)),
  'calls.screenPop': channel(z.object({ number: z.string().min(1).max(64) }).strict(), ScreenPop),
};
