import { z } from 'zod';

// The compliance record (质检证据) of one call: what the agent did with the script. Stored with the
// call record (table script_runs keyed by call id) and synced as an append to the call.

const At = z.string().datetime();

export const ComplianceRecord = z
  .object({
    callId: z.string().min(1).max(120),
    scriptId: z.string().min(1).max(80),
    scriptVersion: z.number().int().positive(),
    scriptTitle: z.string().max(80),
    /** Masked for display and sync; the full number never leaves the workstation in this record. */
    maskedNumber: z.string().max(40),
    startedAt: At,
    endedAt: At,
    // Step titles are copied in so the evidence reads the same after the script is revised.
    stepsDone: z.array(z.object({ stepId: z.string(), title: z.string(), at: At })),
    branchesTaken: z.array(z.object({ stepId: z.string(), stepTitle: z.string(), branchId: z.string(), label: z.string(), at: At })),
    phrasesSaid: z.array(z.object({ stepId: z.string(), phrase: z.number().int().nonnegative(), at: At })),
    riskAcknowledgments: z.array(z.object({ stepId: z.string(), title: z.string(), at: At })),
    skippedRequired: z.array(z.object({ stepId: z.string(), title: z.string(), reason: z.string().min(1).max(300) })),
    /** Required steps left open without a reason (the agent dismissed the prompt). */
    openRequired: z.array(z.string()).default([]),
  })
  .strict();
export type ComplianceRecord = z.infer<typeof ComplianceRecord>;

/** One line of the call history with its compliance summary. */
export const ScriptRunSummary = z.object({
  callId: z.string(),
  scriptId: z.string(),
  scriptTitle: z.string(),
  maskedNumber: z.string(),
  startedAt: z.string(),
  endedAt: z.string(),
  stepsDone: z.number().int(),
  riskAcknowledged: z.number().int(),
  skippedRequired: z.number().int(),
  record: ComplianceRecord,
});
export type ScriptRunSummary = z.infer<typeof ScriptRunSummary>;
