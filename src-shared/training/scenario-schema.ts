import { z } from 'zod';
import { FieldValue } from '../scripts/script-schema.js';

// A training scenario (seeds/training/*.json): a simulated caller whose lines react to what the
// trainee does with the script, and what the trainee is expected to do, for the scorecard.

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, '只能用小写字母、数字和 - (lowercase letters, digits and -)');

/** When a customer line is spoken: after answering, on reaching a step, on a branch choice, or after another line. */
export const LineTrigger = z.discriminatedUnion('event', [
  z.object({ event: z.literal('answered') }).strict(),
  z.object({ event: z.literal('step'), step: Id }).strict(),
  z.object({ event: z.literal('choice'), step: Id, choice: Id }).strict(),
  z.object({ event: z.literal('after'), line: Id }).strict(),
  z.object({ event: z.literal('hold') }).strict(),
]);
export type LineTrigger = z.infer<typeof LineTrigger>;

export const CustomerLine = z
  .object({
    id: Id,
    text: z.string().min(1).max(400),
    /** A small clip in seeds/training/audio/ (made with espeak-ng -v cmn + sox). */
    audio: z.string().regex(/^[a-z0-9-]+\.(ogg|wav)$/).optional(),
    /** Pause before the line, from its trigger. */
    delayMs: z.number().int().min(0).max(60_000).default(800),
    when: LineTrigger,
    /** The customer hangs up after this line. */
    hangup: z.boolean().default(false),
  })
  .strict();
export type CustomerLine = z.infer<typeof CustomerLine>;

export const Checkpoint = z
  .object({
    id: Id,
    label: z.string().min(1).max(80),
    /** Hit when this step is done… */
    step: Id.optional(),
    /** …or when this branch was chosen at `step`. */
    choice: Id.optional(),
  })
  .strict()
  .refine((checkpoint) => checkpoint.step !== undefined, { message: '检查点需要 step (a checkpoint needs a step)', path: ['step'] });
export type Checkpoint = z.infer<typeof Checkpoint>;

export const Rubric = z
  .object({
    keyPoints: z.number().int().min(0).max(100),
    riskPoints: z.number().int().min(0).max(100),
    ticket: z.number().int().min(0).max(100),
    handleTime: z.number().int().min(0).max(100),
    /** The total (out of 100) needed to pass. */
    pass: z.number().int().min(0).max(100).default(70),
  })
  .strict()
  .refine((rubric) => rubric.keyPoints + rubric.riskPoints + rubric.ticket + rubric.handleTime === 100, {
    message: '评分权重之和必须为 100 (weights must add up to 100)',
  });
export type Rubric = z.infer<typeof Rubric>;

export const TrainingScenario = z
  .object({
    id: Id,
    title: z.string().min(1).max(80),
    difficulty: z.enum(['easy', 'medium', 'hard']),
    summary: z.string().min(1).max(400),
    caller: z
      .object({
        name: z.string().min(1).max(40),
        number: z.string().regex(/^\d{5,15}$/),
        /** Who the trainee is talking to: age, mood, background. */
        profile: z.string().min(1).max(400),
      })
      .strict(),
    script: Id,
    customer: z.array(CustomerLine).min(1).max(80),
    expect: z
      .object({
        /** The steps a good call goes through, in order. Risk points on them must be acknowledged. */
        path: z.array(Id).min(1),
        checkpoints: z.array(Checkpoint).min(1).max(20),
        ticket: z.object({ type: z.string().min(1).max(60), fields: z.record(z.string(), FieldValue) }).strict().optional(),
        targetHandleSeconds: z.number().int().min(10).max(3600),
      })
      .strict(),
    rubric: Rubric,
  })
  .strict()
  .superRefine((scenario, context) => {
    const ids = new Set<string>();
    scenario.customer.forEach((line, index) => {
      if (ids.has(line.id)) context.addIssue({ code: 'custom', path: ['customer', index, 'id'], message: `台词 id 重复: ${line.id} (duplicate line id)` });
      ids.add(line.id);
    });
    scenario.customer.forEach((line, index) => {
      if (line.when.event === 'after' && !ids.has(line.when.line)) {
        context.addIssue({ code: 'custom', path: ['customer', index, 'when', 'line'], message: `没有 id 为 ${line.when.line} 的台词 (no such line)` });
      }
    });
    if (!scenario.customer.some((line) => line.when.event === 'answered')) {
      context.addIssue({ code: 'custom', path: ['customer'], message: '至少一句台词在接听后说出 (one line must follow answering)' });
    }
  });
export type TrainingScenario = z.infer<typeof TrainingScenario>;

export const ScenarioSummary = z.object({
  id: z.string(),
  title: z.string(),
  difficulty: z.enum(['easy', 'medium', 'hard']),
  summary: z.string(),
  script: z.string(),
  callerName: z.string(),
});
export type ScenarioSummary = z.infer<typeof ScenarioSummary>;
