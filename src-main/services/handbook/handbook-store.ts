import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { HandbookArticle } from '../../../src-shared/domain/handbook.js';
import { escapeNonHtmlTags, inlineHtml } from '../../../src-shared/handbook/markdown-html.js';
import type { ArticleListItem, ArticleView, PreviousVersionView } from '../../../src-shared/ipc/handbook.js';
import { AppFailure } from '../../../src-shared/result.js';
import type { Change } from '../../../src-shared/sync/protocol.js';
import type { Db } from '../store/open-store.js';
import { preparedPerStore } from '../../../src-node/sqlite/prepared.js';
import { assetMimes, ASSET_URL } from './assets.js';
import { readingStateOf, recordOpened } from './reading-state.js';
import { indexArticle, indexColumns, unindexArticle } from './search-index.js';

/** A handbook_articles row as SQLite returns it (`SELECT rowid, *`). */
export interface ArticleRow {
  rowid: number;
  id: string;
  title: string;
  category: string;
  keywords: string;
  synonyms: string;
  body: string;
  version: number;
  updated: string;
  status: 'published' | 'draft';
  rev: number;
  /** The pinyin of the Han runs in title, keywords and synonyms (JSON PinyinRun[]), for highlighting pinyin matches. */
  head_pinyin: string;
}

const toArticle = (row: ArticleRow): HandbookArticle => ({
  id: row.id,
  title: row.title,
  category: row.category,
  keywords: JSON.parse(row.keywords) as string[],
  synonyms: JSON.parse(row.synonyms) as string[],
  body: row.body,
  version: row.version,
  updated: row.updated,
  status: row.status,
});

const sameContent = (row: ArticleRow, article: HandbookArticle) =>
  row.title === article.title &&
  row.category === article.category &&
  row.body === article.body &&
  row.keywords === JSON.stringify(article.keywords) &&
  row.synonyms === JSON.stringify(article.synonyms) &&
  row.status === article.status &&
  row.version === article.version &&
  row.updated === article.updated;

// The sync applier's statements, prepared once per store: the first sync applies 50,000 articles.
const statements = preparedPerStore((db) => ({
  byId: db.prepare('SELECT rowid, * FROM handbook_articles WHERE id = ?'),
  rowidOf: db.prepare('SELECT rowid FROM handbook_articles WHERE id = ?').pluck(),
  setRev: db.prepare('UPDATE handbook_articles SET rev = ? WHERE id = ?'),
  keepVersion: db.prepare(
    `INSERT OR REPLACE INTO handbook_article_versions (article_id, version, title, category, body, updated, replaced_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ),
  delete: db.prepare('DELETE FROM handbook_articles WHERE id = ?'),
  insert: db.prepare(
    `INSERT INTO handbook_articles (rowid, id, title, category, keywords, synonyms, body, version, updated, status, rev, head_pinyin)
     VALUES ((SELECT coalesce(max(rowid), 0) + 1 FROM handbook_articles), @id, @title, @category, @keywords, @synonyms, @body, @version, @updated, @status, @rev, @headPinyin)`,
  ),
}));

/**
 * Upserts one article; runs inside the caller's transaction (sync pull, import). When the content
 * changes, the old version is kept in handbook_article_versions and the row is re-inserted so its
 * rowid becomes the highest: the search ranks "most recently changed" by rowid without a join.
 */
export function saveArticle(db: Db, article: HandbookArticle, rev = 0, now = new Date()): void {
  const sql = statements(db);
  const existing = sql.byId.get(article.id) as ArticleRow | undefined;
  if (existing && sameContent(existing, article)) {
    if (existing.rev !== rev) sql.setRev.run(rev, article.id);
    return;
  }
  if (existing) {
    if (existing.body !== article.body || existing.title !== article.title) {
      sql.keepVersion.run(existing.id, existing.version, existing.title, existing.category, existing.body, existing.updated, now.toISOString());
    }
    unindexArticle(db, existing.rowid);
    sql.delete.run(article.id);
  }
  const columns = article.status === 'published' ? indexColumns(article) : undefined;
  const { lastInsertRowid } = sql.insert.run({
    ...article,
    keywords: JSON.stringify(article.keywords),
    synonyms: JSON.stringify(article.synonyms),
    rev,
    headPinyin: columns?.headPinyin ?? '[]',
  });
  if (columns) indexArticle(db, Number(lastInsertRowid), columns);
}

export function deleteArticle(db: Db, id: string): void {
  const sql = statements(db);
  const rowid = sql.rowidOf.get(id) as number | undefined;
  if (rowid === undefined) return;
  unindexArticle(db, rowid);
  sql.delete.run(id);
}

export function applyHandbookChange(db: Db, change: Change): void {
  if (change.deleted) deleteArticle(db, change.id);
  else saveArticle(db, HandbookArticle.parse(change.data), change.rev);
}

export function findArticle(db: Db, id: string): HandbookArticle | undefined {
  const row = statements(db).byId.get(id) as ArticleRow | undefined;
  return row && toArticle(row);
}

export function allArticles(db: Db): HandbookArticle[] {
  return (db.prepare('SELECT rowid, * FROM handbook_articles ORDER BY category, id').all() as ArticleRow[]).map(toArticle);
}

/**
 * Published articles, optionally of one category and its sub-categories, with reading state. A list
 * is for browsing, not for finding: it is capped (search finds the rest) so 50,000 articles never
 * reach the renderer at once.
 */
export function listArticles(db: Db, category?: string, limit = 300): ArticleListItem[] {
  const rows = category
    ? db
        .prepare(
          `SELECT id, title, category, updated, version FROM handbook_articles
           WHERE status = 'published' AND (category = ? OR category LIKE ? ESCAPE '\\') ORDER BY category, title LIMIT ?`,
        )
        .all(category, `${escapeLike(category)}/%`, limit)
    : db.prepare(`SELECT id, title, category, updated, version FROM handbook_articles WHERE status = 'published' ORDER BY category, title LIMIT ?`).all(limit);
  return withReadingState(db, rows as Omit<ArticleListItem, 'favourite' | 'updatedSinceRead'>[]);
}

export function withReadingState<T extends { id: string; version: number; updated: string }>(db: Db, items: T[]): (T & { favourite: boolean; updatedSinceRead: boolean })[] {
  const states = readingStateOf(db, items.map((item) => item.id));
  return items.map((item) => {
    const state = states.get(item.id);
    return {
      ...item,
      favourite: state?.favourite ?? false,
      updatedSinceRead: !!state?.lastReadVersion && (state.lastReadVersion !== item.version || state.lastReadUpdated !== item.updated),
    };
  });
}

export function categoryCounts(db: Db): { path: string; count: number }[] {
  return db
    .prepare(`SELECT category AS path, count(*) AS count FROM handbook_articles WHERE status = 'published' GROUP BY category ORDER BY category`)
    .all() as { path: string; count: number }[];
}

/** Opens an article for reading: returns it as it is now and records that this version was read. */
export function openArticle(db: Db, id: string, now = new Date()): ArticleView {
  const article = findArticle(db, id);
  if (!article) throw new AppFailure('NOT_FOUND', `No handbook article ${id}`);
  const [listed] = withReadingState(db, [article]);
  const previous = db.prepare('SELECT max(version) AS version FROM handbook_article_versions WHERE article_id = ?').get(id) as { version: number | null };
  db.transaction(() => recordOpened(db, article, now))();
  return {
    ...article,
    html: renderArticleHtml(article.body, assetMimes(db, article.body)),
    favourite: listed!.favourite,
    updatedSinceRead: listed!.updatedSinceRead,
    previousVersion: previous.version,
  };
}

export function previousVersion(db: Db, id: string): PreviousVersionView | null {
  const row = db
    .prepare('SELECT article_id AS id, version, title, category, updated, body FROM handbook_article_versions WHERE article_id = ? ORDER BY version DESC, replaced_at DESC LIMIT 1')
    .get(id) as (Omit<PreviousVersionView, 'html'> & { body: string }) | undefined;
  if (!row) return null;
  const { body, ...rest } = row;
  return { ...rest, html: renderArticleHtml(body, assetMimes(db, body)) };
}

// Asset URLs are exactly /asset/<64 hex>: the web host and the Electron protocol serve those from
// the agent's store and nothing else. Any other src on img/audio/source is dropped.
const isAssetUrl = (url: string | undefined) => !!url && ASSET_URL.test(url);

/**
 * Markdown to HTML with everything executable removed: scripts, event handlers, javascript: links.
 * A picture or link whose target is an audio asset becomes an audio player.
 */
export function renderArticleHtml(markdown: string, mimes: Map<string, string> = new Map()): string {
  const isAudio = (href: string) => isAssetUrl(href) && (mimes.get(href.slice('/asset/'.length)) ?? '').startsWith('audio/');
  const marked = new Marked({
    renderer: {
      image({ href, text }: Tokens.Image) {
        if (isAudio(href)) return audioPlayer(href, text);
        return false;
      },
      link(token: Tokens.Link) {
        if (isAudio(token.href)) return audioPlayer(token.href, token.text);
        return false;
      },
      // `<套餐名>`, `<form-feed>`: tag-shaped text that is no HTML element shows as text (markdown-html.ts).
      html(token: Tokens.HTML | Tokens.Tag) {
        return 'block' in token && token.block ? escapeNonHtmlTags(token.text) : inlineHtml(token.text);
      },
    },
  });
  // A player on its own line would otherwise sit inside a <p>, where a <figure> may not be.
  const html = (marked.parse(markdown, { async: false }) as string).replace(/<p>\s*(<figure class="audio-clip">[\s\S]*?<\/figure>)\s*<\/p>/g, '$1');
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'audio', 'source', 'mark', 'figure', 'figcaption'],
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      audio: ['src', 'controls', 'preload', 'aria-label'],
      source: ['src', 'type'],
      '*': ['class'],
    },
    allowedSchemes: ['https', 'http', 'mailto', 'tel', 'sip'],
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    exclusiveFilter: (frame) => ['img', 'source'].includes(frame.tag) && !isAssetUrl(frame.attribs.src),
    transformTags: {
      audio: (tagName, attribs) => {
        const { src, ...rest } = attribs;
        return { tagName, attribs: isAssetUrl(src) ? { ...rest, src: src!, controls: '' } : { ...rest, controls: '' } };
      },
    },
  });
}

function audioPlayer(href: string, label: string): string {
  const text = escapeHtml(label || '录音');
  return `<figure class="audio-clip"><figcaption>${text}</figcaption><audio controls preload="metadata" src="${href}" aria-label="${text}"></audio></figure>`;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[char]};`);
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);
