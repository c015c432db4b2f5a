import type { Db } from '../store/open-store.js';
import { firstMatch, hanForPinyin, highlightAll, needlesFor, snippet, type Needle } from './highlight.js';
import { markdownToPlainText } from './plain-text.js';
import { matchExpression, parseQuery, type MatchColumns, type QueryTerm } from './query-builder.js';
import { categoryToken, ensureSearchIndex } from './search-index.js';
import { pinyinColumns, type PinyinRun } from './tokenizer.js';

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

// handbook_fts: everything, words as words. handbook_head_fts: title, keywords, synonyms and their
// pinyin. A query of Latin letters only (`kd`, `xhzw`, `router`) is read both ways: as pinyin of a
// title/keyword (head index) and as words anywhere (full index). With Chinese or digits in it
// (`5G套餐`, `FTTH 光猫`) its words are words: agents type pinyin alone, not mixed with characters.
const ALL_COLUMNS: MatchColumns = { terms: ['head_terms', 'body_terms'], chars: ['head_chars', 'body_chars'] };
const HEAD_COLUMNS: MatchColumns = { terms: ['head_terms'], chars: ['head_chars'] };
const HEAD_PINYIN_COLUMNS: MatchColumns = { ...HEAD_COLUMNS, pinyin: ['py_full', 'py_init'] };

// Column weights, in table order: title/keywords count ten times the body; pinyin a little less
// than typing the characters themselves.
const BM25 = 'bm25(handbook_fts, 10.0, 10.0, 1.0, 1.0, 0.0)';
const HEAD_BM25 = 'bm25(handbook_head_fts, 10.0, 10.0, 6.0, 6.0, 0.0)';

const isPinyinQuery = (terms: QueryTerm[]) => terms.length > 0 && terms.every((term) => term.kind === 'word' && /^[a-z]+$/.test(term.text));

/**
 * Ranking: articles matching in the title/keywords come first, ranked by bm25 on the small head
 * index (the title boost); then the articles matching elsewhere. bm25 costs time in proportion to
 * the matches it ranks and to the documents containing each query token (its IDF counts them on
 * every query), so those are ranked with bm25 only when there are at most RANK_ALL_LIMIT matches and
 * no token occurs in more than COMMON_TOKEN_DOCS articles. Otherwise (a common character across
 * 50,000 articles, where bm25 says little anyway) the most recently changed come first
 * (handbook_articles.rowid grows with every change). Equal scores: the newer article first.
 */
const RANK_ALL_LIMIT = 400;
const COMMON_TOKEN_DOCS = 4000;

/** A typed word that begins more indexed words than this is left to FTS5's own prefix query. */
const MAX_PREFIX_EXPANSION = 32;

interface Statements {
  vocabulary: { all(from: string, to: string, limit: number): unknown[] };
  documentFrequency: { get(term: string): unknown };
  count: { get(match: string, cap: number): unknown };
  ranked: { all(match: string, limit: number): unknown[] };
  rankedHead: { all(match: string, limit: number): unknown[] };
  countHead: { get(match: string, cap: number): unknown };
  recentHead: { all(match: string, limit: number): unknown[] };
  recent: { all(match: string, limit: number): unknown[] };
  articles: { all(rowids: string): unknown[] };
}

const statementsByDb = new WeakMap<Db, Statements>();

function statements(db: Db): Statements {
  let cached = statementsByDb.get(db);
  if (!cached) {
    cached = {
      vocabulary: db.prepare(
        `SELECT term, sum(doc) AS doc FROM (SELECT term, doc FROM handbook_fts_vocab WHERE term >= ? AND term < ? AND col IN ('head_terms', 'body_terms') LIMIT ?) GROUP BY term`,
      ),
      documentFrequency: db.prepare('SELECT sum(doc) AS doc FROM handbook_fts_vocab WHERE term = ?'),
      count: db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM handbook_fts WHERE handbook_fts MATCH ? LIMIT ?)'),
      ranked: db.prepare(`SELECT rowid, ${BM25} AS bm25 FROM handbook_fts WHERE handbook_fts MATCH ? ORDER BY bm25 LIMIT ?`),
      rankedHead: db.prepare(`SELECT rowid, ${HEAD_BM25} AS bm25 FROM handbook_head_fts WHERE handbook_head_fts MATCH ? ORDER BY bm25 LIMIT ?`),
      countHead: db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM handbook_head_fts WHERE handbook_head_fts MATCH ? LIMIT ?)'),
      recentHead: db.prepare('SELECT rowid, 0 AS bm25 FROM handbook_head_fts WHERE handbook_head_fts MATCH ? ORDER BY rowid DESC LIMIT ?'),
      recent: db.prepare('SELECT rowid, 0 AS bm25 FROM handbook_fts WHERE handbook_fts MATCH ? ORDER BY rowid DESC LIMIT ?'),
      articles: db.prepare(
        'SELECT rowid, id, title, category, keywords, synonyms, body, updated, version, head_pinyin FROM handbook_articles WHERE rowid IN (SELECT value FROM json_each(?))',
      ),
    };
    statementsByDb.set(db, cached);
  }
  return cached;
}

/** Expands typed words through the vocabulary and tracks the commonest token of the query. */
class QueryPlanner {
  maxDocumentFrequency = 0;

  constructor(private readonly sql: Statements) {}

  private readonly expansions = new Map<string, string[] | null>();

  expand = (prefix: string): string[] | null => {
    if (this.expansions.has(prefix)) return this.expansions.get(prefix)!;
    const expanded = this.expandUncached(prefix);
    this.expansions.set(prefix, expanded);
    return expanded;
  };

  private noteToken(token: string): void {
    const row = this.sql.documentFrequency.get(token) as { doc: number | null } | undefined;
    this.maxDocumentFrequency = Math.max(this.maxDocumentFrequency, row?.doc ?? 0);
  }

  private expandUncached(prefix: string): string[] | null {
    // Up to two columns per word: twice the limit bounds the distinct words read.
    const rows = this.sql.vocabulary.all(prefix, `${prefix}\uffff`, 2 * MAX_PREFIX_EXPANSION + 2) as { term: string; doc: number }[];
    if (rows.length > MAX_PREFIX_EXPANSION) {
      this.maxDocumentFrequency = Infinity;
      return null;
    }
    this.maxDocumentFrequency = Math.max(this.maxDocumentFrequency, rows.reduce((sum, row) => sum + row.doc, 0));
    return rows.map((row) => row.term);
  }

  noteCjk(terms: QueryTerm[]): void {
    for (const term of terms) {
      if (term.kind !== 'cjk') continue;
      const chars = [...term.text];
      const tokens = chars.length === 1 ? chars : chars.slice(0, -1).map((char, i) => char + chars[i + 1]!);
      for (const token of tokens) this.noteToken(token);
    }
  }
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
  head_pinyin: string;
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
  const sql = statements(db);
  const planner = new QueryPlanner(sql);
  const all = matchExpression(terms, ALL_COLUMNS, categoryFilter, planner.expand);
  const head = matchExpression(terms, isPinyinQuery(terms) ? HEAD_PINYIN_COLUMNS : HEAD_COLUMNS, categoryFilter, planner.expand);
  if (!all && !head) return [];

  type Hit = { rowid: number; bm25: number; tier?: number };
  // Title and keyword matches first (bm25 on the small head index); when they fill the page, the
  // full index is not consulted at all. Then the other matches: by bm25 when that is affordable,
  // else most recently changed first.
  const headMatches = head ? (sql.countHead.get(head, RANK_ALL_LIMIT + 1) as { n: number }).n : 0;
  let hits: Hit[] = !head || headMatches === 0 ? [] : headMatches <= RANK_ALL_LIMIT ? (sql.rankedHead.all(head, limit) as Hit[]) : (sql.recentHead.all(head, limit) as Hit[]);
  if (all && hits.length < limit) {
    const matches = (sql.count.get(all, RANK_ALL_LIMIT + 1) as { n: number }).n;
    planner.noteCjk(terms);
    const affordable = matches <= RANK_ALL_LIMIT && planner.maxDocumentFrequency <= COMMON_TOKEN_DOCS;
    const seen = new Set(hits.map((hit) => hit.rowid));
    const rest = matches === 0 ? [] : ((affordable ? sql.ranked : sql.recent).all(all, limit + hits.length) as Hit[]).filter((hit) => !seen.has(hit.rowid));
    hits = [...hits, ...rest.map((hit) => ({ ...hit, tier: 1 }))].slice(0, limit);
  }
  if (hits.length === 0) return [];

  const rows = new Map((sql.articles.all(JSON.stringify(hits.map((hit) => hit.rowid))) as ArticleRow[]).map((row) => [row.rowid, row]));
  const results: (SearchHit & { tier: number })[] = [];
  for (const hit of hits) {
    const row = rows.get(hit.rowid);
    if (!row) continue;
    const needles = needlesFor(terms, JSON.parse(row.head_pinyin) as PinyinRun[]);
    results.push({
      id: row.id,
      title: row.title,
      category: row.category,
      updated: row.updated,
      version: row.version,
      titleHtml: highlightAll(row.title, needles),
      snippet: snippetOf(row, needles),
      score: Math.round(-hit.bm25 * 1000) / 1000,
      tier: hit.tier ?? 0,
    });
  }
  return breakTiesByRecency(results).map(({ tier: _tier, ...hit }) => hit);
}

/** Within each run of equal scores in the same tier, the more recently updated article comes first. */
function breakTiesByRecency<T extends SearchHit & { tier: number }>(results: T[]): T[] {
  const ordered: T[] = [];
  for (let start = 0; start < results.length; ) {
    let end = start + 1;
    while (end < results.length && results[end]!.score === results[start]!.score && results[end]!.tier === results[start]!.tier) end++;
    ordered.push(...results.slice(start, end).sort((a, b) => b.updated.localeCompare(a.updated)));
    start = end;
  }
  return ordered;
}

/**
 * The snippet is cut from a window of the raw Markdown around the first match, made plain: bodies
 * can be long and only ~80 characters are shown. When only the title, a keyword or a synonym
 * matched, the snippet is the start of the body followed by the keywords.
 */
function snippetOf(row: ArticleRow, needles: Needle[]): string {
  // Typed text is looked for in the whole body; Han text that pinyin stands for only near the top
  // (pinyin is indexed for titles and keywords, so a body occurrence is a bonus, not the match).
  const typed = needles.filter((needle) => !needle.fromPinyin);
  let at = typed.length ? firstMatch(row.body, typed) : -1;
  if (at < 0 && typed.length < needles.length) at = firstMatch(row.body.slice(0, 2000), needles);
  if (at < 0) {
    const tags = [...(JSON.parse(row.keywords) as string[]), ...(JSON.parse(row.synonyms) as string[])];
    const text = markdownToPlainText(row.body.slice(0, 400));
    return snippet(tags.length ? `${text.slice(0, 60)}… ${tags.join(' · ')}` : text, needles);
  }
  const start = Math.max(0, row.body.lastIndexOf('\n', Math.max(0, at - 60)) + 1, at - 200);
  return snippet(markdownToPlainText(row.body.slice(start, at + 300)), needles).replace(/^(?!…)/, start > 0 ? '…' : '');
}

/**
 * Prepares statements and pays one-time costs (pinyin-pro loads its dictionary on first use, regular
 * expressions compile, SQLite reads the index root pages) before the first query an agent types.
 */
export function warmUpSearch(db: Db): void {
  ensureSearchIndex(db);
  hanForPinyin('zg', [['中国', ['zhong', 'guo']]]);
  pinyinColumns(['中国']);
  for (const query of ['服务', '话费查询', 'kd', '5G套餐']) searchHandbook(db, query, { limit: 5 });
}

/** Counts matches without a limit: for tests and the benchmark's recall check. */
export function allMatchingIds(db: Db, query: string): string[] {
  const terms = parseQuery(query);
  const planner = new QueryPlanner(statements(db));
  const all = matchExpression(terms, ALL_COLUMNS, [], planner.expand);
  const head = isPinyinQuery(terms) ? matchExpression(terms, HEAD_PINYIN_COLUMNS, [], planner.expand) : null;
  const ids = new Set<string>();
  const collect = (table: string, match: string | null) => {
    if (!match) return;
    const rows = db.prepare(`SELECT a.id FROM ${table} f JOIN handbook_articles a ON a.rowid = f.rowid WHERE ${table} MATCH ?`).all(match) as { id: string }[];
    rows.forEach((row) => ids.add(row.id));
  };
  collect('handbook_fts', all);
  collect('handbook_head_fts', head);
  return [...ids];
}
