import { createHash } from 'node:crypto';
import { readValue, writeValue } from '../store/key-value.js';
import type { Db } from '../store/open-store.js';
import { preparedPerStore } from '../../../src-node/sqlite/prepared.js';
import { boundedMemo } from './bounded-memo.js';
import { markdownToPlainText } from './plain-text.js';
import { cjkColumns, pinyinColumns, pinyinWordTokens } from './tokenizer.js';
import { noteIndexedText } from './word-vocabulary.js';

export interface IndexableArticle {
  title: string;
  category: string;
  keywords: string[];
  synonyms: string[];
  body: string;
}

/** One token per category path prefix: 宽带业务/故障报修 yields tokens for 宽带业务 and for the whole path. */
export function categoryTokens(category: string): string[] {
  const segments = category.split('/').filter(Boolean);
  return segments.map((_, i) => categoryToken(segments.slice(0, i + 1).join('/')));
}

// Categories are few and shared by thousands of articles: each path is hashed once.
export const categoryToken = boundedMemo(
  (path) => `cat${createHash('sha1').update(path.split('/').filter(Boolean).join('/')).digest('hex').slice(0, 16)}`,
  10_000,
);

export type IndexColumns = ReturnType<typeof indexColumns>;

export function indexColumns(article: IndexableArticle) {
  const head = cjkColumns([article.title, ...article.keywords, ...article.synonyms].join('\n'));
  const body = cjkColumns(markdownToPlainText(article.body));
  const headTexts = [article.title, ...article.keywords, ...article.synonyms];
  const pinyin = pinyinColumns(headTexts);
  return {
    head_terms: head.terms,
    head_chars: head.chars,
    body_terms: body.terms,
    body_chars: body.chars,
    py_full: pinyin.full,
    py_init: pinyin.initials,
    py_words: pinyinWordTokens(headTexts),
    cats: categoryTokens(article.category).join(' '),
    headPinyin: JSON.stringify(pinyin.runs),
  };
}

// Prepared once per store: an initial sync indexes 50,000 articles through these.
const statements = preparedPerStore((db) => ({
  insertFull: db.prepare(
    `INSERT INTO handbook_fts (rowid, head_terms, head_chars, body_terms, body_chars, cats)
     VALUES (@rowid, @head_terms, @head_chars, @body_terms, @body_chars, @cats)`,
  ),
  insertHead: db.prepare(
    `INSERT INTO handbook_head_fts (rowid, head_terms, head_chars, py_full, py_init, py_words, cats)
     VALUES (@rowid, @head_terms, @head_chars, @py_full, @py_init, @py_words, @cats)`,
  ),
  deleteFull: db.prepare('DELETE FROM handbook_fts WHERE rowid = ?'),
  deleteHead: db.prepare('DELETE FROM handbook_head_fts WHERE rowid = ?'),
}));

/**
 * Indexes one article under its handbook_articles rowid, which must not be indexed yet (a new row,
 * or an index just emptied); runs in the caller's transaction. Deleting first would cost an initial
 * sync 100,000 index deletes of rows that were never there.
 */
export function indexArticle(db: Db, rowid: number, columns: IndexColumns): void {
  const { headPinyin: _headPinyin, py_full: _full, py_init: _init, py_words: _words, ...fts } = columns;
  const sql = statements(db);
  sql.insertFull.run({ rowid, ...fts });
  sql.insertHead.run({
    rowid,
    head_terms: fts.head_terms,
    head_chars: fts.head_chars,
    py_full: columns.py_full,
    py_init: columns.py_init,
    py_words: columns.py_words,
    cats: fts.cats,
  });
  noteIndexedText(db, fts.head_terms, fts.body_terms);
}

export function unindexArticle(db: Db, rowid: number): void {
  const sql = statements(db);
  sql.deleteFull.run(rowid);
  sql.deleteHead.run(rowid);
}

/**
 * Bumped whenever what goes into the index changes (tokenizer, columns). A store indexed with another
 * version — or articles synced before the index existed — is re-indexed once at sign-in.
 */
export const SEARCH_INDEX_VERSION = '2';

export function ensureSearchIndex(db: Db): boolean {
  if (readValue(db, 'settings', 'handbook_search_index') === SEARCH_INDEX_VERSION) return false;
  rebuildSearchIndex(db);
  return true;
}

/**
 * Indexes every published article from scratch. Also for a store whose articles were copied in
 * without their index (the training sandbox: the index tables are contentless and cannot be copied).
 */
export function rebuildSearchIndex(db: Db): void {
  db.transaction(() => {
    db.prepare(`INSERT INTO handbook_fts (handbook_fts) VALUES ('delete-all')`).run();
    db.prepare(`INSERT INTO handbook_head_fts (handbook_head_fts) VALUES ('delete-all')`).run();
    const rows = db.prepare(`SELECT rowid, title, category, keywords, synonyms, body FROM handbook_articles WHERE status = 'published'`).all() as {
      rowid: number;
      title: string;
      category: string;
      keywords: string;
      synonyms: string;
      body: string;
    }[];
    const setPinyin = db.prepare('UPDATE handbook_articles SET head_pinyin = ? WHERE rowid = ?');
    for (const row of rows) {
      const columns = indexColumns({ ...row, keywords: JSON.parse(row.keywords) as string[], synonyms: JSON.parse(row.synonyms) as string[] });
      indexArticle(db, row.rowid, columns);
      setPinyin.run(columns.headPinyin, row.rowid);
    }
    writeValue(db, 'settings', 'handbook_search_index', SEARCH_INDEX_VERSION);
  }).immediate();
}

/** Merges the indexes into one b-tree each after a bulk import: smaller and faster to query. */
export function optimiseIndex(db: Db): void {
  db.prepare(`INSERT INTO handbook_fts (handbook_fts) VALUES ('optimize')`).run();
  db.prepare(`INSERT INTO handbook_head_fts (handbook_head_fts) VALUES ('optimize')`).run();
}
