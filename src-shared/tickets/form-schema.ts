import { z } from 'zod';
import { LocalText } from './text.js';

// The form schema a ticket type is entered with. Published by the central API (collection `forms`),
// pulled into every workstation, and read by the same engine in renderer, main and server.

export const FieldKind = z.enum([
  'text',
  'number',
  /** A mainland mobile number (masked input, 11 digits). */
  'mobile',
  /** A mobile or a landline with area code. */
  'phone',
  /** An 18-digit resident ID number, checked by GB 11643. */
  'idNumber',
  'datetime',
  'single',
  'multi',
  /** A path through a tree of options (province / city / district). */
  'cascade',
  'longText',
  'file',
  /** A leaf of a published code tree (complaint codes), searchable by pinyin initials. */
  'code',
]);
export type FieldKind = z.infer<typeof FieldKind>;

export const Priority = z.enum(['low', 'normal', 'high', 'urgent']);
export type Priority = z.infer<typeof Priority>;

/** A condition on the form's values. `$type` names the ticket type, so shared sections can branch on it. */
export type Condition =
  | { field: string; op: 'eq' | 'neq'; value: string | number | boolean }
  | { field: string; op: 'in' | 'notIn'; value: (string | number)[] }
  | { field: string; op: 'filled' | 'empty' }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ field: z.string(), op: z.enum(['eq', 'neq']), value: z.union([z.string(), z.number(), z.boolean()]) }).strict(),
    z.object({ field: z.string(), op: z.enum(['in', 'notIn']), value: z.array(z.union([z.string(), z.number()])) }).strict(),
    z.object({ field: z.string(), op: z.enum(['filled', 'empty']) }).strict(),
    z.object({ all: z.array(Condition).min(1) }).strict(),
    z.object({ any: z.array(Condition).min(1) }).strict(),
    z.object({ not: Condition }).strict(),
  ]),
);

export interface ChoiceOption {
  value: string;
  label: LocalText;
  children?: ChoiceOption[];
}
export const ChoiceOption: z.ZodType<ChoiceOption> = z.lazy(() =>
  z.object({ value: z.string().min(1).max(80), label: LocalText, children: z.array(ChoiceOption).optional() }).strict(),
);

/** Where a default comes from when the form opens: the current call, the clock, the agent. */
export const DefaultSource = z.enum(['call.number', 'call.startedAt', 'call.scenario', 'now', 'agent.name']);
export type DefaultSource = z.infer<typeof DefaultSource>;

/**
 * Which ticket attribute a field feeds. Lists, SLA and screen pop need these as columns, so each
 * form names the field that carries them instead of every consumer knowing each form's field ids.
 */
export const FieldRole = z.enum(['title', 'customerPhone', 'customerName', 'priority', 'complaintCode', 'callbackAt', 'idNumber']);
export type FieldRole = z.infer<typeof FieldRole>;

export const FieldDef = z
  .object({
    id: z.string().regex(/^[a-z][A-Za-z0-9_]{0,39}$/),
    kind: FieldKind,
    label: LocalText,
    section: z.string(),
    role: FieldRole.optional(),
    /** A text field holding personal data the one masking policy hides (src-shared/privacy/mask.ts). */
    personal: z.enum(['address', 'bankCard']).optional(),
    help: LocalText.optional(),
    placeholder: LocalText.optional(),
    required: z.boolean().default(false),
    requiredWhen: Condition.optional(),
    visibleWhen: Condition.optional(),
    default: z.union([z.string(), z.number(), z.array(z.string())]).optional(),
    defaultFrom: DefaultSource.optional(),
    options: z.array(ChoiceOption).optional(),
    /** For kind `code`: which published code tree (collection `codes`). */
    codeTree: z.string().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    minLength: z.number().int().nonnegative().optional(),
    maxLength: z.number().int().positive().max(20_000).optional(),
    pattern: z.object({ regex: z.string().max(300), message: LocalText }).strict().optional(),
    /** For datetime: the value must not lie in the future (a fault's start) or must (a callback). */
    time: z.enum(['past', 'future']).optional(),
    maxFiles: z.number().int().positive().max(10).optional(),
    maxFileBytes: z.number().int().positive().max(5 * 1024 * 1024).optional(),
    accept: z.array(z.string().max(80)).max(20).optional(),
  })
  .strict();
export type FieldDef = z.infer<typeof FieldDef>;

export const Section = z.object({ id: z.string(), title: LocalText }).strict();
export type Section = z.infer<typeof Section>;

/** Calendar hours from submission; a breach warning shows `warnBeforeMinutes` ahead of each due time. */
export const SlaRule = z
  .object({
    firstResponseHours: z.number().positive().max(24 * 90),
    resolutionHours: z.number().positive().max(24 * 365),
    warnBeforeMinutes: z.number().int().positive().max(24 * 60 * 7),
  })
  .strict();
export type SlaRule = z.infer<typeof SlaRule>;

export const EscalationLevel = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export type EscalationLevel = z.infer<typeof EscalationLevel>;

/** A form's own escalation step, as forms published before the one ladder (escalation-ladder.ts) carried them. */
export const EscalationStep = z
  .object({
    level: EscalationLevel,
    target: LocalText,
    hours: z.number().positive().max(24 * 30),
  })
  .strict();
export type EscalationStep = z.infer<typeof EscalationStep>;

export const FormSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/),
    /** The ticket type this form enters; more types come by publishing more forms. */
    type: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/),
    version: z.number().int().positive(),
    name: LocalText,
    order: z.number().int().default(100),
    /** Call scenarios (from the IVR or the script) that open this form from a call. */
    scenarios: z.array(z.string().max(80)).max(50).default([]),
    sections: z.array(Section).min(1),
    fields: z.array(FieldDef).min(1).max(200),
    sla: z.record(Priority, SlaRule),
    /** Read and ignored: who handles each level and within how long is the centre's one ladder (escalation-ladder.ts). */
    escalation: z.array(EscalationStep).max(3).optional(),
    /** How long before a promised callback (约定回访时间) the agent is reminded. */
    callbackReminderMinutes: z.number().int().positive().max(24 * 60).default(15),
    /**
     * A ticket finished during the call (an inquiry answered on the spot) may be submitted as 已解决
     * in one step, when `when` holds, with the `note` field's text as its resolution note.
     */
    resolvedOnSubmit: z.object({ when: Condition, note: z.string() }).strict().optional(),
  })
  .strict()
  .superRefine((form, ctx) => {
    const ids = new Set<string>();
    const sectionIds = new Set(form.sections.map((section) => section.id));
    for (const [index, field] of form.fields.entries()) {
      if (ids.has(field.id)) ctx.addIssue({ code: 'custom', path: ['fields', index, 'id'], message: `duplicate field id ${field.id}` });
      ids.add(field.id);
      if (!sectionIds.has(field.section)) ctx.addIssue({ code: 'custom', path: ['fields', index, 'section'], message: `unknown section ${field.section}` });
      if (['single', 'multi', 'cascade'].includes(field.kind) && !field.options?.length) {
        ctx.addIssue({ code: 'custom', path: ['fields', index, 'options'], message: `${field.kind} field ${field.id} needs options` });
      }
      if (field.kind === 'code' && !field.codeTree) ctx.addIssue({ code: 'custom', path: ['fields', index], message: `code field ${field.id} needs codeTree` });
      if (field.pattern) {
        try {
          new RegExp(field.pattern.regex, 'u');
        } catch {
          ctx.addIssue({ code: 'custom', path: ['fields', index, 'pattern'], message: 'invalid regex' });
        }
      }
    }
    for (const role of ['title', 'customerPhone', 'priority'] as const) {
      const count = form.fields.filter((field) => field.role === role).length;
      if (count !== 1) ctx.addIssue({ code: 'custom', path: ['fields'], message: `form needs exactly one field with role ${role} (has ${count})` });
    }
    if (form.resolvedOnSubmit && !ids.has(form.resolvedOnSubmit.note)) {
      ctx.addIssue({ code: 'custom', path: ['resolvedOnSubmit', 'note'], message: `unknown field ${form.resolvedOnSubmit.note}` });
    }
    for (const priority of Priority.options) {
      if (!form.sla[priority]) ctx.addIssue({ code: 'custom', path: ['sla', priority], message: `missing SLA rule for ${priority}` });
    }
  });
export type FormSchema = z.infer<typeof FormSchema>;

export const FileRef = z
  .object({
    id: z.string().min(1).max(80),
    name: z.string().min(1).max(255),
    size: z.number().int().nonnegative(),
    mime: z.string().max(120),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
export type FileRef = z.infer<typeof FileRef>;

/** One field's value: text-like kinds hold strings, number a number, multi/cascade string lists, file a list of refs. */
export const FieldValue = z.union([z.string().max(20_000), z.number(), z.array(z.string().max(200)).max(100), z.array(FileRef).max(10), z.null()]);
export type FieldValue = z.infer<typeof FieldValue>;

export const FormValues = z.record(z.string().max(40), FieldValue);
export type FormValues = z.infer<typeof FormValues>;
