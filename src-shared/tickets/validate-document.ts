import type { CodeTree } from './codes.js';
import { flattenCodeTree } from './codes.js';
import { deriveAttributes, validateForm } from './form-engine.js';
import type { FormSchema } from './form-schema.js';
import type { FieldIssue } from './messages.js';
import { TicketDocument } from './ticket.js';
import type { LocalText } from './text.js';

export interface PublishedTicketConfig {
  forms: readonly FormSchema[];
  codeTrees?: readonly CodeTree[];
}

export type TicketDocumentVerdict =
  | { ok: true; ticket: TicketDocument }
  | { ok: false; reason: LocalText; issues: { path: string; message: LocalText }[] };

// The server checks every pushed ticket against the same published config: flatten its code trees once.
const leafCache = new WeakMap<PublishedTicketConfig, Record<string, Set<string>>>();
function leavesOf(config: PublishedTicketConfig): Record<string, Set<string>> {
  let leaves = leafCache.get(config);
  if (!leaves) {
    leaves = Object.fromEntries((config.codeTrees ?? []).map((tree) => [tree.id, new Set(flattenCodeTree(tree).map((leaf) => leaf.code))]));
    leafCache.set(config, leaves);
  }
  return leaves;
}

/**
 * The server's check of a pushed ticket (the whole document after the push applied its patch).
 * The same engine the renderer and main ran, so a rejection here means the client had stale forms
 * or was tampered with; the client keeps the ticket and shows the reason (see markTicketRejected).
 */
export function validateTicketDocument(doc: unknown, config: PublishedTicketConfig, now = new Date()): TicketDocumentVerdict {
  const parsed = TicketDocument.safeParse(doc);
  if (!parsed.success) {
    return {
      ok: false,
      reason: { zh: '工单数据结构不正确', en: 'The ticket document is malformed' },
      issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: { zh: issue.message, en: issue.message } })),
    };
  }
  const ticket = parsed.data;
  const form = config.forms.find((candidate) => candidate.id === ticket.formId);
  if (!form || form.type !== ticket.type) {
    return { ok: false, reason: { zh: `未知的工单表单 ${ticket.formId}`, en: `Unknown ticket form ${ticket.formId}` }, issues: [] };
  }
  const codeLeaves = leavesOf(config);
  // Submission time is the reference for "not in the future" checks: a ticket pushed hours later is still judged as entered.
  const reference = new Date(Math.max(Date.parse(ticket.submittedAt), Math.min(now.getTime(), Date.parse(ticket.updatedAt))));
  const fieldIssues: FieldIssue[] = validateForm(form, ticket.fields, { type: ticket.type, now: reference, codeLeaves: config.codeTrees ? codeLeaves : undefined });
  const issues = fieldIssues.map((issue) => ({ path: `fields.${issue.field}`, message: issue.message }));
  const derived = deriveAttributes(form, ticket.fields);
  const mismatch = (path: string, ok: boolean) => !ok && issues.push({ path, message: { zh: '与表单内容不一致', en: 'Does not match the form values' } });
  mismatch('title', derived.title === ticket.title);
  mismatch('customerPhone', derived.customerPhone === ticket.customerPhone);
  mismatch('priority', derived.priority === ticket.priority);
  mismatch('complaintCode', derived.complaintCode === ticket.complaintCode);
  if (ticket.status === 'draft') issues.push({ path: 'status', message: { zh: '草稿不能上传', en: 'Drafts are not uploaded' } });
  if (issues.length > 0) {
    const first = issues[0]!;
    const label = form.fields.find((field) => `fields.${field.id}` === first.path)?.label;
    return {
      ok: false,
      reason: label ? { zh: `${label.zh}：${first.message.zh}`, en: `${label.en}: ${first.message.en}` } : first.message,
      issues,
    };
  }
  return { ok: true, ticket };
}
