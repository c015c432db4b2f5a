import { z } from 'zod';
import { ComplianceRecord, ScriptRunSummary } from '../scripts/compliance.js';
import { Script, ScriptSummary } from '../scripts/script-schema.js';
import { channel } from './define.js';

export const scriptChannels = {
  'scripts.list': channel(z.object({}).strict(), z.array(ScriptSummary)),
  'scripts.get': channel(z.object({ id: z.string().min(1).max(80) }).strict(), Script),
  /** The script used on the caller's last call (suggested when the next call is answered). */
  'scripts.suggest': channel(z.object({ number: z.string().min(1).max(40) }).strict(), z.object({ scriptId: z.string().nullable() })),
  /** Stores the compliance record with the call and queues it for sync. */
  'scripts.saveRun': channel(z.object({ record: ComplianceRecord, callerNumber: z.string().max(40) }).strict(), z.object({ callId: z.string() })),
  'scripts.run': channel(z.object({ callId: z.string().min(1).max(120) }).strict(), ScriptRunSummary.nullable()),
  'scripts.runs': channel(z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(), z.array(ScriptRunSummary)),
};
