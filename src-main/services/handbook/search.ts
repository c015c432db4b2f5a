import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { SEARCH_LIMIT_MAX } from '../../../src-shared/ipc/handbook.js';
import type { Db } from '../store/open-store.js';
import { preparedPerStore } from '../../../src-node/sqlite/prepared.js';
import type { ArticleRow } from './handbook-store.js';
import { firstMatch, hanForPinyin, highlightAll, needlesFor, snippet, type Needle } from './highlight.js';
import { markdownToPlainText } from './plain-text.js';
import { parseQuery, termExpression, type MatchColumns, type QueryTerm } from './query-builder.js';
import { categoryToken, ensureSearchIndex } from './search-index.js';
import { pinyinColumns, type PinyinRun } from './tokenizer.js';
import { wordsStartingWith, type WordEntry } from './word-vocabulary.js';
import { contentWords, loadSegmenterWhenIdle } from './words.js';

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
  /**
   * `literal`: every term as typed. `related`: found by the words of the query (a segmented AND,
   * 宽带慢 → 宽带 + 慢) or by pinyin mixed with Chinese (kd断网 → 宽带 + 断网), when the literal
   * query found fewer than FEW_LITERAL_HITS; always listed after the literal hits.
   */
  match: 'literal' | 'related';
}

// handbook_fts: everything, words as words. handbook_head_fts: title, keywords, synonyms and their
// pinyin. A query of Latin letters only (`kd`, `xhzw`, `router`) is read both ways: as pinyin of a
// title/keyword (head index) and as words anywhere (full index). With Chinese or digits in it
// (`5G套餐`, `FTTH 光猫`) its words are words: agents type pinyin alone, not mixed with characters.
const ALL_COLUMNS: MatchColumns = { terms: ['head_terms', 'body_terms'], chars: ['head_chars', 'body_chars'] };
const HEAD_COLUMNS: MatchColumns = { terms: ['head_terms'], chars: ['head_chars'] };
const HEAD_PINYIN_COLUMNS: MatchColumns = { ...HEAD_COLUMNS, pinyin: ['py_full', 'py_init'] };
// Pinyin of whole Chinese words of the title/keywords (tokenizer.ts pinyinWordTokens): ranked first.
const HEAD_WORD_PINYIN_COLUMNS: MatchColumns = { ...HEAD_COLUMNS, pinyin: ['py_words'] };

/** Fewer literal hits than this, and the words of the query are searched too (ranked below). */
export const FEW_LITERAL_HITS = 5;

// Column weights, in table order: title/keywords count ten times the body; pinyin a little less
// than typing the characters themselves.
const BM25 = 'bm25(handbook_fts, 10.0, 10.0, 1.0, 1.0, 0.0)';
const HEAD_BM25 = 'bm25(handbook_head_fts, 10.0, 10.0, 6.0, 6.0, 0.0, 8.0)';

const mayBePinyin = (term: QueryTerm) => term.kind === 'word' && /^[a-z]+$/.test(term.text);
const isPinyinQuery = (terms: QueryTerm[]) => terms.length > 0 && terms.every(mayBePinyin);

/**
 * Ranking: articles matching in the title/keywords come first, ranked by bm25 on the small head
 * index (the title boost); then the articles matching elsewhere, by bm25 on the full index.
 *
 * bm25 costs time in proportion to the matches it ranks and, before the first row, to the articles
 * matching each of the query's terms on their own (its IDF: FTS5 walks every match of every phrase
 * on each query). So each index is first asked for its most recently changed matches, at most
 * RANK_LIMIT + 1 of them (handbook_articles.rowid grows with every change, and FTS5 walks its
 * doclists backwards and stops at the limit). When there are more, or a term of a query of several
 * terms occurs in more than COMMON_TERM_DOCS articles (a common character across 50,000 articles,
 * where bm25 says little anyway), those most recent ones are the answer, in that order. Otherwise
 * bm25 ranks the matches. Equal scores: the newer article first.
 */
const RANK_LIMIT = 100;
const COMMON_TERM_DOCS = 400;

/** A typed word that begins more indexed words than this is left to FTS5's own prefix query. */
const MAX_PREFIX_EXPANSION = 2000;

interface IndexStatements {
  /** Most recently changed matches first: rowids. */
  recent: Statement;
  /** The same, among the rowids a head-index match names (pinyin mixed with Chinese). */
  recentWithin: Statement;
  ranked: Statement;
  count: Statement;
}

interface Statements {
  full: IndexStatements;
  head: IndexStatements;
  /** The hits' rows in one statement (rowids as a JSON array): one step per row instead of one statement each. */
  articles: Statement;
}

const statements = preparedPerStore(
  (db): Statements => ({
    full: indexStatements(db, 'handbook_fts', BM25),
    head: indexStatements(db, 'handbook_head_fts', HEAD_BM25),
    articles: db.prepare(
      'SELECT rowid, id, title, category, keywords, synonyms, body, updated, version, head_pinyin FROM handbook_articles WHERE rowid IN (SELECT value FROM json_each(?))',
    ),
  }),
);

function indexStatements(db: Db, table: string, bm25: string): IndexStatements {
  return {
    recent: db.prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid DESC LIMIT ?`).pluck(),
    recentWithin: db
      .prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ? AND rowid IN (SELECT rowid FROM handbook_head_fts WHERE handbook_head_fts MATCH ?) ORDER BY rowid DESC LIMIT ?`)
      .pluck(),
    ranked: db.prepare(`SELECT rowid, ${bm25} AS bm25 FROM ${table} WHERE ${table} MATCH ? ORDER BY bm25 LIMIT ?`),
    count: db.prepare(`SELECT count(*) FROM (SELECT 1 FROM ${table} WHERE ${table} MATCH ? LIMIT ?)`).pluck(),
  };
}

/**
 * A query against one index: its MATCH expression, and per term (and category filter) how many
 * articles it matches, when the vocabulary knows (a word: the sum over the words it expands to)
 * or the term's own expression, to count when that is needed.
 */
interface IndexQuery {
  match: string;
  termMatches: (number | string)[];
}

type Expand = (prefix: string) => WordEntry[] | null;

/** Typed words are looked up in the in-memory vocabulary; other scripts, and very short prefixes with thousands of words, go to FTS5. */
function expander(db: Db, docsIn: (entry: WordEntry) => number): Expand {
  const cache = new Map<string, WordEntry[] | null>();
  return (prefix) => {
    if (!cache.has(prefix)) {
      const words = /^[a-z0-9]+$/.test(prefix) ? wordsStartingWith(db, prefix, MAX_PREFIX_EXPANSION) : null;
      // Filtered after the length check: a cut list would lose words of this index.
      cache.set(prefix, words && words.length <= MAX_PREFIX_EXPANSION ? words.filter((entry) => docsIn(entry) > 0) : null);
    }
    return cache.get(prefix)!;
  };
}

function indexQuery(terms: QueryTerm[], columns: MatchColumns, filters: string[], expand: Expand, docsIn: (entry: WordEntry) => number): IndexQuery | null {
  if (terms.length === 0) return null;
  const parts: string[] = [];
  const termMatches: (number | string)[] = [];
  for (const term of terms) {
    const words = term.kind === 'word' ? expand(term.text) : null;
    const expression = termExpression(term, columns, () => words && words.map((entry) => entry.word));
    if (!expression) return null;
    parts.push(expression);
    const pinyin = !!columns.pinyin?.length && term.kind === 'word';
    termMatches.push(words && !pinyin ? words.reduce((sum, entry) => sum + docsIn(entry), 0) : expression);
  }
  return { match: [...parts, ...filters].join(' AND '), termMatches: [...termMatches, ...filters] };
}

/** What a search reads of each hit. */
type SearchRow = Pick<ArticleRow, 'rowid' | 'id' | 'title' | 'category' | 'keywords' | 'synonyms' | 'body' | 'updated' | 'version' | 'head_pinyin'>;

/**
 * Searches published articles. Every term is required; Chinese terms match as substrings, words by
 * prefix, and words also as pinyin (full or initials) of titles and keywords. Never throws on what
 * was typed: a query with nothing searchable returns [].
 */
export function searchHandbook(db: Db, query: string, options: SearchOptions = {}): SearchHit[] {
  return search(db, query, options, true);
}

/** The hits of a query in rank order, before their rows are read: the index work of a search. */
function rankedHits(db: Db, query: string, options: SearchOptions, withRelated: boolean): { terms: QueryTerm[]; relatedTerms: QueryTerm[]; hits: Hit[] } {
  const limit = Math.max(1, Math.min(options.limit ?? 20, SEARCH_LIMIT_MAX));
  const terms = parseQuery(query);
  const categoryFilter = options.category?.trim() ? [`cats : "${categoryToken(options.category.trim())}"`] : [];
  const sql = statements(db);
  const hits = literalHits(db, sql, terms, categoryFilter, limit);
  let relatedTerms: QueryTerm[] = [];
  if (withRelated && hits.length < FEW_LITERAL_HITS && hits.length < limit && terms.length > 0) {
    relatedTerms = parseQuery(contentWords(query).join(' '));
    hits.push(...relatedHits(db, sql, terms, relatedTerms, categoryFilter, limit - hits.length, new Set(hits.map((hit) => hit.rowid))));
  }
  return { terms, relatedTerms, hits };
}

/**
 * The index work alone (rowids in rank order, before ties are broken by recency): for the
 * benchmark, to compare like with like against anchors that return ids only.
 */
export function rankedRowids(db: Db, query: string, options: SearchOptions = {}): number[] {
  return rankedHits(db, query, options, true).hits.map((hit) => hit.rowid);
}

function search(db: Db, query: string, options: SearchOptions, withRelated: boolean): SearchHit[] {
  const sql = statements(db);
  const { terms, relatedTerms, hits } = rankedHits(db, query, options, withRelated);

  const results: (SearchHit & { tier: number })[] = [];
  const rows = new Map((sql.articles.all(JSON.stringify(hits.map((hit) => hit.rowid))) as SearchRow[]).map((row) => [row.rowid, row]));
  for (const hit of hits) {
    const row = rows.get(hit.rowid);
    if (!row) continue;
    const related = (hit.tier ?? 0) >= RELATED_TIER;
    const shown = related ? relatedTerms : terms;
    // The runs' pinyin only matters for a word that may be pinyin; parsing it for every hit is wasted.
    const needles = needlesFor(shown, shown.some(mayBePinyin) ? (JSON.parse(row.head_pinyin) as PinyinRun[]) : []);
    results.push({
      id: row.id,
      title: row.title,
      category: row.category,
      updated: row.updated,
      version: row.version,
      titleHtml: highlightAll(row.title, needles),
      snippet: snippetOf(row, needles),
      score: Math.round(-hit.bm25 * 1000) / 1000,
      match: related ? 'related' : 'literal',
      tier: hit.tier ?? 0,
    });
  }
  return breakTiesByRecency(results).map(({ tier: _tier, ...hit }) => hit);
}

// Tiers, best first: 0 title/keyword matches (for pinyin: of a whole Chinese word of them), 1 other
// title/keyword pinyin matches, 2 matches elsewhere; from RELATED_TIER on the same for the words.
const RELATED_TIER = 3;

/** Title and keyword matches first; when they fill the page, the full index is not consulted. */
function literalHits(db: Db, sql: Statements, terms: QueryTerm[], filters: string[], limit: number): Hit[] {
  const { full, head } = indexQueries(db, terms, filters);
  const hits: Hit[] = [];
  const seen = () => new Set(hits.map((hit) => hit.rowid));
  if (head && isPinyinQuery(terms)) {
    const words = indexQuery(terms, HEAD_WORD_PINYIN_COLUMNS, filters, expander(db, inHead), inHead);
    if (words) hits.push(...topMatches(sql.head, words, limit, new Set()));
  }
  if (head && hits.length < limit) hits.push(...topMatches(sql.head, head, limit - hits.length, seen()).map((hit) => ({ ...hit, tier: hits.length ? 1 : 0 })));
  if (full && hits.length < limit) hits.push(...topMatches(sql.full, full, limit - hits.length, seen()).map((hit) => ({ ...hit, tier: 2 })));
  return hits;
}

/**
 * What the words of the query find, beyond the literal hits: the content words as separate terms
 * (网速慢怎么办 → 网速慢), then, when Latin letters are mixed with Chinese, the letters as pinyin of a
 * title/keyword word and the rest anywhere (kd断网: 宽带 in the title, 断网 anywhere).
 */
function relatedHits(db: Db, sql: Statements, literal: QueryTerm[], words: QueryTerm[], filters: string[], limit: number, exclude: Set<number>): Hit[] {
  const hits: Hit[] = [];
  const take = (found: Hit[], tier: number) => {
    for (const hit of found) {
      if (hits.length >= limit || exclude.has(hit.rowid)) continue;
      exclude.add(hit.rowid);
      hits.push({ ...hit, tier });
    }
  };
  const sameAsLiteral = words.length === literal.length && words.every((term, i) => term.text === literal[i]!.text);
  if (!sameAsLiteral && words.length) {
    const { full, head } = indexQueries(db, words, filters);
    if (head) take(topMatches(sql.head, head, limit, exclude), RELATED_TIER);
    if (full && hits.length < limit) take(topMatches(sql.full, full, limit, exclude), RELATED_TIER + 1);
  }
  const pinyin = words.filter((term) => term.kind === 'word' && /^[a-z]+$/.test(term.text));
  const rest = words.filter((term) => !pinyin.includes(term));
  if (pinyin.length && rest.length && hits.length < limit) {
    const head = indexQuery(words, HEAD_PINYIN_COLUMNS, filters, expander(db, inHead), inHead);
    if (head) take(topMatches(sql.head, head, limit, exclude), RELATED_TIER);
    const inTitle = indexQuery(pinyin, HEAD_PINYIN_COLUMNS, [], expander(db, inHead), inHead);
    const elsewhere = indexQuery(rest, ALL_COLUMNS, filters, expander(db, inAll), inAll);
    if (inTitle && elsewhere && hits.length < limit) {
      const rowids = sql.full.recentWithin.all(elsewhere.match, inTitle.match, limit + exclude.size) as number[];
      take(rowids.map((rowid) => ({ rowid, bm25: 0 })), RELATED_TIER + 1);
    }
  }
  return hits;
}

type Hit = { rowid: number; bm25: number; tier?: number };

/** The query for each index; null where nothing can match there. */
const inAll = (entry: WordEntry) => entry.docs;
const inHead = (entry: WordEntry) => entry.headDocs;

function indexQueries(db: Db, terms: QueryTerm[], filters: string[]): { full: IndexQuery | null; head: IndexQuery | null } {
  return {
    full: indexQuery(terms, ALL_COLUMNS, filters, expander(db, inAll), inAll),
    head: indexQuery(terms, isPinyinQuery(terms) ? HEAD_PINYIN_COLUMNS : HEAD_COLUMNS, filters, expander(db, inHead), inHead),
  };
}

/** The best `limit` matches of one index that are not in `exclude`: by bm25 when that is cheap, else the most recently changed. */
function topMatches(sql: IndexStatements, query: IndexQuery, limit: number, exclude: Set<number>): Hit[] {
  // Enough for the page even when it is longer than RANK_LIMIT (the CLI and IPC allow up to SEARCH_LIMIT_MAX).
  const recent = sql.recent.all(query.match, Math.max(RANK_LIMIT, limit + exclude.size) + 1) as number[];
  if (recent.length === 0) return [];
  if (recent.length <= RANK_LIMIT && bm25IsCheap(sql, query)) {
    return (sql.ranked.all(query.match, limit + exclude.size) as Hit[]).filter((hit) => !exclude.has(hit.rowid)).slice(0, limit);
  }
  return recent
    .filter((rowid) => !exclude.has(rowid))
    .slice(0, limit)
    .map((rowid) => ({ rowid, bm25: 0 }));
}

/**
 * Whether bm25's walk over every match of every term stays small, for a query with at most
 * RANK_LIMIT matches. With one term, its matches are the query's. With several, each term may
 * match far more articles than all of them together: its count comes from the vocabulary (words)
 * or is counted, up to COMMON_TERM_DOCS + 1.
 */
function bm25IsCheap(sql: IndexStatements, query: IndexQuery): boolean {
  if (query.termMatches.length === 1) return true;
  return query.termMatches.every((matches) => (typeof matches === 'number' ? matches : (sql.count.get(matches, COMMON_TERM_DOCS + 1) as number)) <= COMMON_TERM_DOCS);
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

// Markdown characters around the match read for a snippet: twice what is shown on each side.
const SNIPPET_BEFORE = 50;
const SNIPPET_AFTER = 130;

/**
 * The snippet is cut from a window of the raw Markdown around the first match, made plain: bodies
 * can be long and only ~80 characters are shown. When only the title, a keyword or a synonym
 * matched, the snippet is the start of the body followed by the keywords.
 */
function snippetOf(row: SearchRow, needles: Needle[]): string {
  // Typed text is looked for in the whole body; Han text that pinyin stands for only near the top
  // (pinyin is indexed for titles and keywords, so a body occurrence is a bonus, not the match).
  const typed = needles.filter((needle) => !needle.fromPinyin);
  let at = typed.length ? firstMatch(row.body, typed) : -1;
  if (at < 0 && typed.length < needles.length) at = firstMatch(row.body.slice(0, 2000), needles);
  if (at < 0) {
    const tags = [...(JSON.parse(row.keywords) as string[]), ...(JSON.parse(row.synonyms) as string[])];
    const text = markdownToPlainText(row.body.slice(0, 240));
    return snippet(tags.length ? `${text.slice(0, 60)}… ${tags.join(' · ')}` : text, needles);
  }
  // The snippet shows ~20 characters before the match and ~60 after; the window leaves room for
  // the Markdown that is stripped (escapes, link targets) and starts at a line start when one is
  // near, so a heading or list marker is recognised and dropped. Its size is what a search costs:
  // parsing the windows of 20 hits was half of a query's time (SNIPPET_BEFORE/AFTER).
  const start = Math.max(0, row.body.lastIndexOf('\n', Math.max(0, at - SNIPPET_BEFORE / 2)) + 1, at - SNIPPET_BEFORE);
  return snippet(markdownToPlainText(row.body.slice(start, at + SNIPPET_AFTER)), needles).replace(/^(?!…)/, start > 0 ? '…' : '');
}

/**
 * Prepares statements and pays one-time costs (pinyin-pro loads its dictionary on first use, regular
 * expressions compile, SQLite reads the index root pages) before the first query an agent types.
 * The word segmenter the related search needs is loaded just after, when the process is idle: it
 * was 0.3–0.4 s of the 0.5 s this took at sign-in.
 */
export function warmUpSearch(db: Db): void {
  ensureSearchIndex(db);
  hanForPinyin('zg', [['中国', ['zhong', 'guo']]]);
  pinyinColumns(['中国']);
  for (const query of ['服务', '话费查询', 'kd', '5G套餐', '网速慢']) search(db, query, { limit: 5 }, false);
  loadSegmenterWhenIdle();
}

/** Counts matches without a limit: for tests and the benchmark's recall check. */
export function allMatchingIds(db: Db, query: string): string[] {
  const terms = parseQuery(query);
  const { full, head } = indexQueries(db, terms, []);
  const ids = new Set<string>();
  const collect = (table: string, match: string | undefined) => {
    if (!match) return;
    const rows = db.prepare(`SELECT a.id FROM ${table} f JOIN handbook_articles a ON a.rowid = f.rowid WHERE ${table} MATCH ?`).all(match) as { id: string }[];
    rows.forEach((row) => ids.add(row.id));
  };
  collect('handbook_fts', full?.match);
  // Pinyin is indexed for titles and keywords only, in the head index.
  if (isPinyinQuery(terms)) collect('handbook_head_fts', head?.match);
  return [...ids];
}
