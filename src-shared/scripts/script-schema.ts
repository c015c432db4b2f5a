import { z } from 'zod';

// A service script (服务话术): one per service scenario, authored as a file in seeds/scripts/,
// published by the central API (collection `scripts`) and kept in each workstation's store.

export const StepStage = z.enum(['greeting', 'verify', 'need', 'handle', 'confirm', 'closing']);
export type StepStage = z.infer<typeof StepStage>;

/** 关键点 key point, 易错点 error-prone point, 风险点 risk point (must be acknowledged before moving on). */
export const MarkerKind = z.enum(['key', 'error', 'risk']);
export type MarkerKind = z.infer<typeof MarkerKind>;

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, '只能用小写字母、数字和 - (lowercase letters, digits and -)');

export const StepMarker = z
  .object({
    kind: MarkerKind,
    /** The short explanation shown next to the marker. */
    text: z.string().min(2).max(200),
  })
  .strict();
export type StepMarker = z.infer<typeof StepMarker>;

export const StepBranch = z
  .object({
    /** What the agent chooses, e.g. 核验通过 / 核验不通过. */
    label: z.string().min(1).max(40),
    /** A stable id for the choice (recorded in the compliance record and used by training scenarios). */
    id: Id,
    next: Id,
  })
  .strict();
export type StepBranch = z.infer<typeof StepBranch>;

export const ScriptStep = z
  .object({
    id: Id,
    stage: StepStage,
    title: z.string().min(1).max(60),
    required: z.boolean().default(true),
    /** Standard phrases (规范用语); `{agentId}`, `{customerName}`, `{number}`, `{today}` are filled from the call. */
    phrases: z.array(z.string().min(1).max(400)).min(1).max(8),
    /** Guidance for the agent that is not said to the customer. */
    hint: z.string().max(300).optional(),
    markers: z.array(StepMarker).max(6).default([]),
    /** Where the step leads when there is no choice to make; absent on the last step. */
    next: Id.optional(),
    branches: z.array(StepBranch).max(6).default([]),
    handbookArticle: z.string().max(80).optional(),
  })
  .strict();
export type ScriptStep = z.infer<typeof ScriptStep>;

/** A ticket field's value as the forms hold it: text or an option value, a number, or the values of a multi-choice field. */
export const FieldValue = z.union([z.string().max(500), z.number(), z.array(z.string().max(100)).max(20)]);

/** A ticket type to open from the script, with fields pre-filled (placeholders allowed in strings). */
export const TicketLink = z
  .object({
    type: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/),
    fields: z.record(z.string().min(1).max(60), FieldValue).default({}),
  })
  .strict();
export type TicketLink = z.infer<typeof TicketLink>;

export const Script = z
  .object({
    id: Id,
    title: z.string().min(1).max(80),
    /** The scenario path, as the handbook names it: 移动业务/携号转网. */
    scenario: z.string().min(1).max(120),
    version: z.number().int().positive(),
    updated: z.string().regex(/^\d{4}-\d{2}-\d{2}/, '日期格式 YYYY-MM-DD (date as YYYY-MM-DD)'),
    /** Words a caller or agent uses for this scenario; used to search and to suggest the script. */
    keywords: z.array(z.string().min(1).max(30)).max(30).default([]),
    handbookCategories: z.array(z.string().min(1).max(200)).max(10).default([]),
    handbookArticles: z.array(z.string().min(1).max(80)).max(20).default([]),
    ticket: TicketLink.optional(),
    steps: z.array(ScriptStep).min(2).max(40),
  })
  .strict()
  .superRefine((script, context) => {
    const ids = new Map<string, number>();
    script.steps.forEach((step, index) => {
      if (ids.has(step.id)) context.addIssue({ code: 'custom', path: ['steps', index, 'id'], message: `步骤 id 重复: ${step.id} (duplicate step id)` });
      ids.set(step.id, index);
    });
    if (script.steps[0]?.stage !== 'greeting') {
      context.addIssue({ code: 'custom', path: ['steps', 0, 'stage'], message: '第一步必须是开场问候 greeting (the first step must be the greeting)' });
    }
    script.steps.forEach((step, index) => {
      if (step.next !== undefined && !ids.has(step.next)) {
        context.addIssue({ code: 'custom', path: ['steps', index, 'next'], message: `没有 id 为 ${step.next} 的步骤 (no such step)` });
      }
      step.branches.forEach((branch, branchIndex) => {
        if (!ids.has(branch.next)) {
          context.addIssue({ code: 'custom', path: ['steps', index, 'branches', branchIndex, 'next'], message: `没有 id 为 ${branch.next} 的步骤 (no such step)` });
        }
      });
      if (step.next === undefined && step.branches.length === 0 && step.stage !== 'closing') {
        context.addIssue({ code: 'custom', path: ['steps', index, 'next'], message: '除结束语外每一步都要有 next 或 branches (only the closing step may end the script)' });
      }
    });
  });
export type Script = z.infer<typeof Script>;

/** What a list or search shows; `initials` and `pinyin` are computed by main for pinyin search. */
export const ScriptSummary = z.object({
  id: z.string(),
  title: z.string(),
  scenario: z.string(),
  version: z.number().int(),
  keywords: z.array(z.string()),
  initials: z.string(),
  pinyin: z.string(),
});
export type ScriptSummary = z.infer<typeof ScriptSummary>;

export const STAGE_ORDER: StepStage[] = ['greeting', 'verify', 'need', 'handle', 'confirm', 'closing'];
