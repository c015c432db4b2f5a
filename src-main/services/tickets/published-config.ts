import { pinyin } from 'pinyin-pro';
import { CodeTree, flattenCodeTree, type CodeLeaf } from '../../../src-shared/tickets/codes.js';
import { FormSchema } from '../../../src-shared/tickets/form-schema.js';
import { AppFailure } from '../../../src-shared/result.js';
import type { Change } from '../../../src-shared/sync/protocol.js';
import { z } from 'zod';
import type { Db } from '../store/open-store.js';
import { jsonColumn, parseRows } from '../../../src-node/sqlite/rows.js';

// Forms and code trees published by the central API, as pulled into this workstation.

/** Pull applier for collection `forms`. Runs inside the pull transaction. */
export function applyFormChange(db: Db, change: Change): void {
  if (change.deleted) {
    db.prepare('DELETE FROM ticket_forms WHERE id = ?').run(change.id);
    return;
  }
  const form = FormSchema.parse(change.data);
  db.prepare(
    `INSERT INTO ticket_forms (id, type, version, sort_order, data, rev) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET type = excluded.type, version = excluded.version, sort_order = excluded.sort_order, data = excluded.data, rev = excluded.rev`,
  ).run(form.id, form.type, form.version, form.order, JSON.stringify(form), change.rev);
  formCache.delete(db);
}

/** Pull applier for collection `codes`: keeps the tree and its leaves with their pinyin initials. */
export function applyCodeTreeChange(db: Db, change: Change): void {
  db.prepare('DELETE FROM code_leaves WHERE tree = ?').run(change.id);
  if (change.deleted) {
    db.prepare('DELETE FROM code_trees WHERE id = ?').run(change.id);
    return;
  }
  const tree = CodeTree.parse(change.data);
  db.prepare(
    `INSERT INTO code_trees (id, version, data, rev) VALUES (?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET version = excluded.version, data = excluded.data, rev = excluded.rev`,
  ).run(tree.id, tree.version, JSON.stringify(tree), change.rev);
  const insert = db.prepare('INSERT INTO code_leaves (tree, code, path_zh, path_en, initials) VALUES (?, ?, ?, ?, ?)');
  for (const leaf of flattenCodeTree(tree)) {
    insert.run(tree.id, leaf.code, JSON.stringify(leaf.path.map((label) => label.zh)), JSON.stringify(leaf.path.map((label) => label.en)), leaf.path.map((label) => initialsOf(label.zh)).join(' '));
  }
  formCache.delete(db);
}

/** 信号弱 → xhr, 5G无法使用 → 5gwfsy: pinyin initials for Chinese characters, other characters as typed. */
export function initialsOf(text: string): string {
  return [...text]
    .map((char) => (/[\u3400-\u9fff]/u.test(char) ? pinyin(char, { pattern: 'first', toneType: 'none' }) : char.toLowerCase()))
    .filter((part) => /^[a-z0-9]+$/.test(part))
    .join('');
}

interface PublishedConfig {
  forms: FormSchema[];
  codeTrees: CodeTree[];
}

// Forms change only when a pull brings new ones; caching the parsed schemas keeps "open a form" fast.
const formCache = new WeakMap<Db, PublishedConfig>();

export function publishedConfig(db: Db): PublishedConfig {
  let cached = formCache.get(db);
  if (!cached) {
    const forms = parseRows(jsonColumn(FormSchema), db.prepare('SELECT data FROM ticket_forms ORDER BY sort_order, id').pluck().all(), 'ticket_forms');
    const codeTrees = parseRows(jsonColumn(CodeTree), db.prepare('SELECT data FROM code_trees ORDER BY id').pluck().all(), 'code_trees');
    cached = { forms, codeTrees };
    formCache.set(db, cached);
  }
  return cached;
}

export function requireForm(db: Db, formId: string): FormSchema {
  const form = publishedConfig(db).forms.find((candidate) => candidate.id === formId);
  if (!form) throw new AppFailure('NOT_FOUND', `No ticket form ${formId} (not synced yet?)`);
  return form;
}

const Labels = jsonColumn(z.array(z.string()));
const CodeLeafRow = z.object({ code: z.string(), path_zh: Labels, path_en: Labels, initials: z.string() });

export function codeLeaves(db: Db, tree: string): CodeLeaf[] {
  const rows = parseRows(CodeLeafRow, db.prepare('SELECT code, path_zh, path_en, initials FROM code_leaves WHERE tree = ? ORDER BY code').all(tree), 'code_leaves');
  return rows.map((row) => ({ code: row.code, path: row.path_zh.map((label, index) => ({ zh: label, en: row.path_en[index] ?? label })), initials: row.initials }));
}

export function codeLeafSets(db: Db): Record<string, ReadonlySet<string>> {
  return Object.fromEntries(publishedConfig(db).codeTrees.map((tree) => [tree.id, new Set(flattenCodeTree(tree).map((leaf) => leaf.code))]));
}
