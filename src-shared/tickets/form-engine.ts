import type { Condition, DefaultSource, FieldDef, FieldValue, FormSchema, FormValues, ChoiceOption } from './form-schema.js';
import { Priority } from './form-schema.js';
import { fieldMessage, type FieldIssue } from './messages.js';
import { idCardProblem, isMainlandMobile, isPhoneNumber } from './validators.js';

// The schema engine: visibility, requiredness, defaults and validation of one form's values.
// Runs unchanged in the renderer (as the agent types), in main (before a write) and on the server
// (before a pushed ticket is accepted), so the three can never disagree about what is valid.

export interface EngineContext {
  /** The ticket type, readable in conditions as `$type`. */
  type: string;
  now: Date;
  /** Leaf codes of each published code tree, to check a `code` field's value. Absent: not checked. */
  codeLeaves?: Record<string, ReadonlySet<string>>;
}

export function evaluateCondition(condition: Condition, values: FormValues, type: string): boolean {
  if ('all' in condition) return condition.all.every((inner) => evaluateCondition(inner, values, type));
  if ('any' in condition) return condition.any.some((inner) => evaluateCondition(inner, values, type));
  if ('not' in condition) return !evaluateCondition(condition.not, values, type);
  const value = condition.field === '$type' ? type : values[condition.field];
  switch (condition.op) {
    case 'filled':
      return isFilled(value);
    case 'empty':
      return !isFilled(value);
    case 'eq':
      return Array.isArray(value) ? value.includes(String(condition.value) as never) : value === condition.value || (value != null && String(value) === String(condition.value));
    case 'neq':
      return !evaluateCondition({ ...condition, op: 'eq' }, values, type);
    case 'in':
      return condition.value.some((candidate) => evaluateCondition({ field: condition.field, op: 'eq', value: candidate }, values, type));
    case 'notIn':
      return !evaluateCondition({ ...condition, op: 'in' }, values, type);
  }
}

export const isFilled = (value: FieldValue | undefined): boolean =>
  value !== undefined && value !== null && (typeof value === 'number' ? Number.isFinite(value) : value.length > 0 && (typeof value !== 'string' || value.trim().length > 0));

export function isVisible(field: FieldDef, values: FormValues, type: string): boolean {
  return field.visibleWhen ? evaluateCondition(field.visibleWhen, values, type) : true;
}

export function isRequired(field: FieldDef, values: FormValues, type: string): boolean {
  if (!isVisible(field, values, type)) return false;
  return field.required || (field.requiredWhen ? evaluateCondition(field.requiredWhen, values, type) : false);
}

/** Checks one visible field; returns its first problem or null. */
export function validateField(field: FieldDef, values: FormValues, ctx: EngineContext): FieldIssue | null {
  const value = values[field.id];
  const issue = (rule: Parameters<typeof fieldMessage>[0], params: Record<string, string | number> = {}): FieldIssue => ({
    field: field.id,
    rule,
    message: field.pattern && rule === 'pattern' ? field.pattern.message : fieldMessage(rule, params),
  });
  if (!isFilled(value)) return isRequired(field, values, ctx.type) ? issue('required') : null;
  switch (field.kind) {
    case 'text':
    case 'longText': {
      if (typeof value !== 'string') return issue('type');
      const length = [...value.trim()].length;
      if (field.minLength !== undefined && length < field.minLength) return issue('minLength', { min: field.minLength });
      const max = field.maxLength ?? (field.kind === 'text' ? 200 : 5000);
      if (length > max) return issue('maxLength', { max });
      if (field.pattern && !new RegExp(field.pattern.regex, 'u').test(value.trim())) return issue('pattern');
      return null;
    }
    case 'number': {
      const number = typeof value === 'number' ? value : Number(value);
      if (typeof value === 'object' || !Number.isFinite(number)) return issue('number');
      if (field.min !== undefined && number < field.min) return issue('min', { min: field.min });
      if (field.max !== undefined && number > field.max) return issue('max', { max: field.max });
      return null;
    }
    case 'mobile':
      return typeof value === 'string' && isMainlandMobile(value) ? null : issue('mobile');
    case 'phone':
      return typeof value === 'string' && isPhoneNumber(value) ? null : issue('phone');
    case 'idNumber': {
      if (typeof value !== 'string') return issue('idFormat');
      const problem = idCardProblem(value, ctx.now);
      return problem === null ? null : issue(problem === 'checksum' ? 'idChecksum' : problem === 'birthDate' ? 'idBirthDate' : 'idFormat');
    }
    case 'datetime': {
      const at = typeof value === 'string' ? Date.parse(value) : NaN;
      if (!Number.isFinite(at)) return issue('datetime');
      // A minute of slack: the clock moves between filling "now" in and submitting.
      if (field.time === 'past' && at > ctx.now.getTime() + 60_000) return issue('notFuture');
      if (field.time === 'future' && at < ctx.now.getTime() - 60_000) return issue('notPast');
      return null;
    }
    case 'single':
      return typeof value === 'string' && field.options!.some((option) => option.value === value) ? null : issue('choice');
    case 'multi':
      return Array.isArray(value) && value.every((item) => typeof item === 'string' && field.options!.some((option) => option.value === item)) ? null : issue('choice');
    case 'cascade':
      return Array.isArray(value) && isCompleteCascadePath(field.options!, value as string[]) ? null : issue('cascade');
    case 'code': {
      if (typeof value !== 'string') return issue('code');
      const leaves = ctx.codeLeaves?.[field.codeTree!];
      return !leaves || leaves.has(value) ? null : issue('code');
    }
    case 'file': {
      if (!Array.isArray(value)) return issue('type');
      const files = value as unknown as { size: number; mime: string }[];
      if (files.length > (field.maxFiles ?? 5)) return issue('maxFiles', { max: field.maxFiles ?? 5 });
      const limit = field.maxFileBytes ?? 5 * 1024 * 1024;
      if (files.some((file) => typeof file !== 'object' || file.size > limit)) return issue('fileSize', { max: Math.round(limit / 1024 / 1024) });
      if (field.accept && files.some((file) => !field.accept!.some((type) => matchesMime(type, file.mime)))) return issue('fileType');
      return null;
    }
  }
}

/** Every problem of the visible fields, in form order. Hidden fields are never checked. */
export function validateForm(schema: FormSchema, values: FormValues, ctx: EngineContext): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const field of schema.fields) {
    if (!isVisible(field, values, ctx.type)) continue;
    const issue = validateField(field, values, ctx);
    if (issue) issues.push(issue);
  }
  return issues;
}

/** Only the values of fields that exist and are visible: what the agent saw is what is submitted. */
export function submittableValues(schema: FormSchema, values: FormValues, type: string): FormValues {
  const result: FormValues = {};
  for (const field of schema.fields) {
    if (isVisible(field, values, type) && isFilled(values[field.id])) result[field.id] = normaliseValue(field, values[field.id]!);
  }
  return result;
}

function normaliseValue(field: FieldDef, value: FieldValue): FieldValue {
  if (typeof value !== 'string') return value;
  if (field.kind === 'mobile' || field.kind === 'phone') return value.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
  if (field.kind === 'idNumber') return value.trim().toUpperCase();
  if (field.kind === 'number') return Number(value);
  return value.trim();
}

export interface CallContext {
  callId: string;
  number: string;
  startedAt: string;
  scenario?: string;
}

/** The values a new form opens with: static defaults, then values from the call, clock and agent. */
export function initialValues(schema: FormSchema, sources: { call?: CallContext; now: Date; agentName?: string }): FormValues {
  const values: FormValues = {};
  for (const field of schema.fields) {
    const fromSource = field.defaultFrom ? defaultFromSource(field.defaultFrom, sources) : undefined;
    if (fromSource !== undefined) values[field.id] = fromSource;
    else if (field.default !== undefined) values[field.id] = field.default;
  }
  return values;
}

function defaultFromSource(source: DefaultSource, sources: { call?: CallContext; now: Date; agentName?: string }): string | undefined {
  switch (source) {
    case 'call.number':
      return sources.call?.number;
    case 'call.startedAt':
      return sources.call ? wholeMinute(new Date(sources.call.startedAt)) : undefined;
    case 'call.scenario':
      return sources.call?.scenario;
    case 'now':
      return wholeMinute(sources.now);
    case 'agent.name':
      return sources.agentName;
  }
}

/** Datetime values are stored as ISO 8601 UTC, so every machine reads the same instant; minutes are enough. */
const wholeMinute = (date: Date) => new Date(Math.floor(date.getTime() / 60_000) * 60_000).toISOString();

/** The ticket attributes that forms feed through field roles (see FieldRole). */
export interface DerivedAttributes {
  title: string;
  customerPhone: string;
  customerName: string | null;
  priority: Priority;
  complaintCode: string | null;
  callbackAt: string | null;
}

export function deriveAttributes(schema: FormSchema, values: FormValues): DerivedAttributes {
  const byRole = (role: string) => {
    const field = schema.fields.find((candidate) => candidate.role === role);
    const value = field ? values[field.id] : undefined;
    return typeof value === 'string' && value.trim() ? value.trim() : typeof value === 'number' ? String(value) : null;
  };
  const priority = Priority.safeParse(byRole('priority'));
  const callback = byRole('callbackAt');
  return {
    title: byRole('title') ?? '',
    customerPhone: (byRole('customerPhone') ?? '').replace(/[\s-]/g, ''),
    customerName: byRole('customerName'),
    priority: priority.success ? priority.data : 'normal',
    complaintCode: byRole('complaintCode'),
    callbackAt: callback && Number.isFinite(Date.parse(callback)) ? new Date(callback).toISOString() : null,
  };
}

function isCompleteCascadePath(options: ChoiceOption[], path: string[]): boolean {
  let level: ChoiceOption[] | undefined = options;
  for (const step of path) {
    const option: ChoiceOption | undefined = level?.find((candidate) => candidate.value === step);
    if (!option) return false;
    level = option.children;
  }
  return !level?.length;
}

const matchesMime = (accepted: string, mime: string) => (accepted.endsWith('/*') ? mime.startsWith(accepted.slice(0, -1)) : accepted === mime);
