import { codePathText, flattenCodeTree, type CodeLeaf, type CodeTree } from './codes.js';
import type { ChoiceOption, FieldDef, FormSchema } from './form-schema.js';
import { maskText, maskValue } from '../privacy/mask.js';
import { personalKindOf } from './personal-fields.js';
import { pick, text, type LocalText, type UiLocale } from './text.js';
import { ESCALATION_LABELS, PRIORITY_LABELS, STATUS_LABELS, type TicketStatus } from './workflow.js';

// A ticket's values as the form shows them, for the places that read them outside the form: a
// conflict ("you wrote … / 刘洋 wrote …"), a refused write, a training scorecard. Option labels,
// code paths, dates in the agent's language, phone and ID numbers masked — never raw JSON.

const dateText = (iso: string, locale: UiLocale) =>
  new Date(iso).toLocaleString(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

function optionText(options: readonly ChoiceOption[] | undefined, wanted: string, locale: UiLocale): string {
  for (const option of options ?? []) {
    if (option.value === wanted) return pick(option.label, locale);
    const nested = option.children ? optionText(option.children, wanted, locale) : '';
    if (nested) return nested;
  }
  return '';
}

/** One form field's value as the form shows it. `codes`: the leaves of the field's code tree, if it has one. */
export function fieldValueText(field: FieldDef | undefined, value: unknown, locale: UiLocale, codes?: readonly CodeLeaf[]): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return '—';
  const kind = field ? personalKindOf(field) : undefined;
  if (kind) return maskValue(kind, String(value));
  if (field?.kind === 'datetime' && typeof value === 'string' && !Number.isNaN(Date.parse(value))) return dateText(value, locale);
  if (field?.kind === 'file' && Array.isArray(value)) return value.map((file) => String((file as { name?: unknown }).name ?? '')).join('、');
  const items = Array.isArray(value) ? value.map(String) : [String(value)];
  if (field?.codeTree) {
    const leaf = codes?.find((candidate) => candidate.code === items[0]);
    return leaf ? codePathText(leaf, locale) : items[0]!;
  }
  // Free text may hold a number the customer dictated: masked like every other surface.
  return maskText(items.map((item) => optionText(field?.options, item, locale) || item).join(field?.kind === 'cascade' ? ' / ' : '、'));
}

/** Labels of the ticket's own paths (outside the form's fields). */
const TICKET_PATH_LABELS: Record<string, LocalText> = {
  status: text('状态', 'Status'),
  priority: text('优先级', 'Priority'),
  title: text('标题', 'Title'),
  customerPhone: text('客户电话', 'Customer phone'),
  customerName: text('客户姓名', 'Customer name'),
  complaintCode: text('投诉编码', 'Complaint code'),
  callbackAt: text('约定回访时间', 'Callback time'),
  callbackDoneAt: text('回访完成时间', 'Callback done'),
  assignee: text('当前处理人', 'Handled by'),
  escalationLevel: text('升级级别', 'Escalation level'),
  escalations: text('升级记录', 'Escalations'),
  calls: text('关联通话', 'Linked calls'),
  firstResponseAt: text('首次响应时间', 'First response'),
  resolvedAt: text('解决时间', 'Resolved at'),
  closedAt: text('关闭时间', 'Closed at'),
  resolutionDueAt: text('解决时限', 'Resolution due'),
  firstResponseDueAt: text('首次响应时限', 'First response due'),
  fields: text('表单内容', 'Form'),
  events: text('处理记录', 'History'),
  formVersion: text('表单版本', 'Form version'),
};

export interface TicketTextContext {
  form: FormSchema | undefined;
  codeTrees?: readonly CodeTree[];
}

/** The label of a ticket path (`fields.description` → the form's 问题描述) in both languages. */
export function ticketPathLabel(path: string, context: TicketTextContext): LocalText {
  const [head, fieldId] = path.split('.');
  if (head === 'fields' && fieldId) {
    const field = context.form?.fields.find((candidate) => candidate.id === fieldId);
    return field ? field.label : text(fieldId, fieldId);
  }
  return TICKET_PATH_LABELS[head!] ?? text(path, path);
}

/** The value at a ticket path as the agent reads it, in both languages. */
export function ticketPathText(path: string, value: unknown, context: TicketTextContext): LocalText {
  const both = (render: (locale: UiLocale) => string) => ({ zh: render('zh-CN'), en: render('en') });
  const [head, fieldId] = path.split('.');
  const fieldOf = (id: string) => context.form?.fields.find((candidate) => candidate.id === id);
  const leavesOf = (field: FieldDef | undefined) => {
    const tree = field?.codeTree ? context.codeTrees?.find((candidate) => candidate.id === field.codeTree) : undefined;
    return tree ? flattenCodeTree(tree) : undefined;
  };
  if (head === 'fields' && fieldId) {
    const field = fieldOf(fieldId);
    return both((locale) => fieldValueText(field, value, locale, leavesOf(field)));
  }
  if (head === 'fields' && value && typeof value === 'object') {
    // A whole form (an older workstation sends it as one value): each field as the form shows it.
    return both((locale) =>
      Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== null && item !== '' && item !== undefined)
        .map(([id, item]) => `${pick(fieldOf(id)?.label ?? text(id, id), locale)}：${fieldValueText(fieldOf(id), item, locale, leavesOf(fieldOf(id)))}`)
        .join('；'),
    );
  }
  if (value === null || value === undefined || value === '') return text('—', '—');
  switch (head) {
    case 'status':
      return STATUS_LABELS[value as TicketStatus] ?? text(String(value), String(value));
    case 'priority':
      return PRIORITY_LABELS[value as keyof typeof PRIORITY_LABELS] ?? text(String(value), String(value));
    case 'escalationLevel':
      // Not escalated is where every ticket starts: 一级, with its first-contact owner.
      return value === 0 ? ESCALATION_LABELS[1] : (ESCALATION_LABELS[value as 1 | 2 | 3] ?? text(String(value), String(value)));
    case 'customerPhone':
      return text(maskValue('phone', String(value)), maskValue('phone', String(value)));
    case 'complaintCode': {
      const field = context.form?.fields.find((candidate) => candidate.role === 'complaintCode');
      return both((locale) => fieldValueText(field, value, locale, leavesOf(field)));
    }
    case 'assignee': {
      const { team, name } = value as { team?: string; name?: string | null };
      return text([team, name].filter(Boolean).join(' · '), [team, name].filter(Boolean).join(' · '));
    }
    case 'escalations':
    case 'calls':
    case 'events':
      return Array.isArray(value) ? text(`${value.length} 条`, `${value.length} entries`) : text('—', '—');
    default:
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) return both((locale) => dateText(value, locale));
      return typeof value === 'object' ? text('（已修改）', '(changed)') : text(maskText(String(value)), maskText(String(value)));
  }
}
