import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { HandbookArticle, type ArticleSummary } from '../../../src-shared/domain/handbook.js';
import type { ArticleView } from '../../../src-shared/ipc/handbook.js';
import { AppFailure } from '../../../src-shared/result.js';
import type { Change } from '../../../src-shared/sync/protocol.js';
import type { Db } from '../store/open-store.js';

interface ArticleRow {
  id: string;
  title: string;
  category: string;
  keywords: string;
  synonyms: string;
  body: string;
  version: number;
  updated: string;
  status: 'published' | 'draft';
}

/** Upserts or deletes one article; runs inside the caller's transaction (sync pull, import). */
export function saveArticle(db: Db, article: HandbookArticle, rev = 0): void {
  db.prepare(
    `INSERT INTO handbook_articles (id, title, category, keywords, synonyms, body, version, updated, status, rev)
     VALUES (@id, @title, @category, @keywords, @synonyms, @body, @version, @updated, @status, @rev)
     ON CONFLICT(id) DO UPDATE SET title = excluded.title, category = excluded.category, keywords = excluded.keywords,
       synonyms = excluded.synonyms, body = excluded.body, version = excluded.version, updated = excluded.updated,
       status = excluded.status, rev = excluded.rev`,
  ).run({ ...article, keywords: JSON.stringify(article.keywords), synonyms: JSON.stringify(article.synonyms), rev });
}

export function applyHandbookChange(db: Db, change: Change): void {
  if (change.deleted) {
    db.prepare('DELETE FROM handbook_articles WHERE id = ?').run(change.id);
    return;
  }
  saveArticle(db, HandbookArticle.parse(change.data), change.rev);
}

export function listArticles(db: Db, category?: string): ArticleSummary[] {
  const rows = category
    ? db.prepare(`SELECT id, title, category, updated, version FROM handbook_articles WHERE category = ? OR category LIKE ? ESCAPE '\\' ORDER BY category, title`).all(category, `${escapeLike(category)}/%`)
    : db.prepare('SELECT id, title, category, updated, version FROM handbook_articles ORDER BY category, title').all();
  return rows as ArticleSummary[];
}

export function getArticle(db: Db, id: string): ArticleView {
  const row = db.prepare('SELECT * FROM handbook_articles WHERE id = ?').get(id) as ArticleRow | undefined;
  if (!row) throw new AppFailure('NOT_FOUND', `No handbook article ${id}`);
  const article: HandbookArticle = { ...row, keywords: JSON.parse(row.keywords), synonyms: JSON.parse(row.synonyms) };
  return { ...article, html: renderArticleHtml(article.body) };
}

/** Markdown to HTML with everything executable removed: scripts, event handlers, javascript: links. */
export function renderArticleHtml(markdown: string): string {
  const html = marked.parse(markdown, { async: false });
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'audio', 'source', 'mark'],
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      audio: ['src', 'controls', 'preload'],
      source: ['src', 'type'],
      '*': ['class'],
    },
    allowedSchemes: ['https', 'http', 'asset', 'mailto', 'tel', 'sip'],
    allowedSchemesByTag: { img: ['asset', 'data', 'https'], audio: ['asset'], source: ['asset'] },
  });
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);
