import type { Db } from '../store/open-store.js';
import { hanForPinyin, highlightAll, needlesFor, snippet } from './highlight.js';
import { markdownToPlainText } from './plain-text.js';
import { matchExpression, parseQuery, type MatchColumns } from './query-builder.js';
import { categoryToken } from './search-index.js';

export interface SearchOptions {
  limit?: number;
  /** A category path; articles in it and in its sub-categories match. */
  category?: string;
}

export interface SearchHit {
  id: string;
  title: string;
  category: string;
  updated: string;
  version: number;
  /** Escaped text with <mark> around matched terms; safe to render as HTML. */
  snippet: string;
  titleHtml: string;
  /** Higher is better (negated bm25). */
  score: number;
}

const ALL_COLUMNS: MatchColumns = { terms: ['head_terms', 'body_terms'], chars: ['head_chars', 'body_chars'], pinyin: ['py_full', 'py_init'] };
const HEAD_COLUMNS: MatchColumns = { terms: ['head_terms'], chars: ['head_chars'], pinyin: ['py_full', 'py_init'] };

// Column weights, in table order: title/keywords count ten times the body; pinyin (which only
// covers title and keywords) a little less than typing the characters themselves.
const BM25 = 'bm25(handbook_fts, 10.0, 10.0, 1.0, 1.0, 6.0, 6.0, 0.0)';

/**
 * Scoring every match with bm25 costs time in proportion to the number of matches. Up to this many,
 * all matches are ranked. Beyond it (a single common character across 50,000 articles) bm25 over the
 * body says little anyway: title and keyword matches are ranked first, then the most recently
 * changed articles (handbook_articles.rowid grows with every change, see handbook-store.ts).
 */
const RANK_ALL_LIMIT = 1500;

interface Statements {
  count: { get(match: string, cap: number): unknown };
  ranked: { all(match: string, limit: number): unknown[] };
  recent: { all(match: string, limit: number): unknown[] };
  articles: { all(rowids: string): unknown[] };
}

const statementsByDb = new WeakMap<Db, Statements>();

function statements(db: Db): Statements {
  let cached = statementsByDb.get(db);
  if (!cached) {
    cached = {
      count: db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM handbook_fts WHERE handbook_fts MATCH ? LIMIT ?)'),
      ranked: db.prepare(`SELECT rowid, ${BM25} AS bm25 FROM handbook_fts WHERE handbook_fts MATCH ? ORDER BY bm25 LIMIT ?`),
      recent: db.prepare(`SELECT rowid, ${BM25} AS bm25 FROM handbook_fts WHERE handbook_fts MATCH ? ORDER BY rowid DESC LIMIT ?`),
      articles: db.prepare(
        'SELECT rowid, id, title, category, keywords, synonyms, body, updated, version FROM handbook_articles WHERE rowid IN (SELECT value FROM json_each(?))',
      ),
    };
    statementsByDb.set(db, cached);
  }
  return cached;
}

interface ArticleRow {
  rowid: number;
  id: string;
  title: string;
  category: string;
  keywords: string;
  synonyms: string;
  body: string;
  updated: string;
  version: number;
}

/**
 * Searches published articles. Every term is required; Chinese terms match as substrings, words by
 * prefix, and words also as pinyin (full or initials) of titles and keywords. Never throws on what
 * was typed: a query with nothing searchable returns [].
 */
export function searchHandbook(db: Db, query: string, options: SearchOptions = {}): SearchHit[] {
  const limit = Math.max(1, Math.min(options.limit ?? 20, 200));
  const terms = parseQuery(query);
  const categoryFilter = options.category?.trim() ? [`cats : "${categoryToken(options.category.trim())}"`] : [];
  const all = matchExpression(terms, ALL_COLUMNS, categoryFilter);
  if (!all) return [];
  const sql = statements(db);

  type Hit = { rowid: number; bm25: number };
  const matches = (sql.count.get(all, RANK_ALL_LIMIT + 1) as { n: number }).n;
  if (matches === 0) return [];
  let hits: Hit[];
  if (matches <= RANK_ALL_LIMIT) hits = sql.ranked.all(all, limit) as Hit[];
  else {
    hits = sql.ranked.all(matchExpression(terms, HEAD_COLUMNS, categoryFilter)!, limit) as Hit[];
    if (hits.length < limit) {
      const seen = new Set(hits.map((hit) => hit.rowid));
      const recent = (sql.recent.all(all, limit + hits.length) as typeof hits).filter((hit) => !seen.has(hit.rowid));
      hits = [...hits, ...recent].slice(0, limit);
    }
  }
  if (hits.length === 0) return [];

  const rows = new Map((sql.articles.all(JSON.stringify(hits.map((hit) => hit.rowid))) as ArticleRow[]).map((row) => [row.rowid, row]));
  const results: SearchHit[] = [];
  for (const hit of hits) {
    const row = rows.get(hit.rowid);
    if (!row) continue;
    const keywords = JSON.parse(row.keywords) as string[];
    const synonyms = JSON.parse(row.synonyms) as string[];
    const needles = needlesFor(terms, [row.title, ...keywords, ...synonyms]);
    const body = markdownToPlainText(row.body);
    results.push({
      id: row.id,
      title: row.title,
      category: row.category,
      updated: row.updated,
      version: row.version,
      titleHtml: highlightAll(row.title, needles),
      snippet: snippet(firstLineWith(body, keywords, synonyms), needles),
      score: Math.round(-hit.bm25 * 1000) / 1000,
    });
  }
  return breakTiesByRecency(results);
}

/** Within each run of equal scores, the more recently updated article comes first. */
function breakTiesByRecency(results: SearchHit[]): SearchHit[] {
  const ordered: SearchHit[] = [];
  for (let start = 0; start < results.length; ) {
    let end = start + 1;
    while (end < results.length && results[end]!.score === results[start]!.score) end++;
    ordered.push(...results.slice(start, end).sort((a, b) => b.updated.localeCompare(a.updated)));
    start = end;
  }
  return ordered;
}

/** When only a keyword or synonym matched, the snippet shows them ahead of the body text. */
function firstLineWith(body: string, keywords: string[], synonyms: string[]): string {
  const tags = [...keywords, ...synonyms];
  return tags.length ? `${body}\n${tags.join(' · ')}` : body;
}

/**
 * Prepares statements and pays one-time costs (pinyin-pro loads its dictionary on first use, regular
 * expressions compile, SQLite reads the index root pages) before the first query an agent types.
 */
export function warmUpSearch(db: Db): void {
  hanForPinyin('zg', ['中国']);
  for (const query of ['服务', '话费查询', 'kd', '5G套餐']) searchHandbook(db, query, { limit: 5 });
}

/** Counts matches without a limit: for tests and the benchmark's recall check. */
export function allMatchingIds(db: Db, query: string): string[] {
  const all = matchExpression(parseQuery(query), ALL_COLUMNS);
  if (!all) return [];
  return (
    db.prepare('SELECT a.id FROM handbook_fts f JOIN handbook_articles a ON a.rowid = f.rowid WHERE handbook_fts MATCH ?').all(all) as { id: string }[]
  ).map((row) => row.id);
}
