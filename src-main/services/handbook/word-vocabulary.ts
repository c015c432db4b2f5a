import type { Db } from '../store/open-store.js';
import { preparedPerStore } from '../../../src-node/sqlite/prepared.js';
import { isCjk } from './tokenizer.js';

// The Latin/digit words of the handbook index, in memory, for expanding a typed word into the
// indexed words it begins (`rout` → router, routing) without asking FTS5.
//
// Why not FTS5: a prefix query (`"sh"*`) merges the doclist of every indexed term starting with
// the prefix before the first row comes back, and in the head index that includes the pinyin edge
// n-grams (sha, shang, shangw, …): 10–50 ms for a one- or two-letter prefix at 50,000 articles. An
// OR of the exact words is iterated lazily instead (0.4 ms for 73 words). fts5vocab can list the
// words, but it walks each word's whole doclist to count documents (1–3 ms per lookup). The words
// themselves are few (about 11,000 distinct ones, 64 KB, at 50,000 articles), so they are read once
// per store, kept sorted, and looked up by binary search.

export interface WordEntry {
  word: string;
  /** Articles with the word in the title, keywords or synonyms. */
  headDocs: number;
  /** Articles with the word anywhere (title/keywords/synonyms or body). */
  docs: number;
}

interface Vocabulary {
  /** Sorted by word (code unit order, as a JS string comparison). */
  entries: WordEntry[];
  /** Words noted since the sorted list was built (same-connection writes). */
  pending: Map<string, WordEntry>;
  dataVersion: number;
}

const vocabularies = new WeakMap<Db, Vocabulary>();

// fts5vocab uses term range constraints, so the Han bigrams (U+3400–U+9FFF, the bulk of the
// index) are skipped without being walked; the few other CJK terms in range are filtered out.
const statements = preparedPerStore((db) => ({
  below: db.prepare(`SELECT term, col, doc FROM handbook_fts_vocab WHERE term < '\u3400' AND col IN ('head_terms', 'body_terms')`),
  above: db.prepare(`SELECT term, col, doc FROM handbook_fts_vocab WHERE term >= '\ua000' AND col IN ('head_terms', 'body_terms')`),
  dataVersion: db.prepare('PRAGMA data_version').pluck(),
}));

function load(db: Db): Vocabulary {
  const byWord = new Map<string, WordEntry>();
  const sql = statements(db);
  for (const range of [sql.below, sql.above]) {
    const rows = range.all() as { term: string; col: string; doc: number }[];
    for (const row of rows) {
      if (isCjk(String.fromCodePoint(row.term.codePointAt(0)!))) continue;
      const entry = byWord.get(row.term) ?? { word: row.term, headDocs: 0, docs: 0 };
      // A word in both the head and the body of one article is counted twice in `docs`: an upper
      // bound, which is what the ranking's cost estimate needs.
      entry.docs += row.doc;
      if (row.col === 'head_terms') entry.headDocs += row.doc;
      byWord.set(row.term, entry);
    }
  }
  return { entries: [...byWord.values()].sort((a, b) => compare(a.word, b.word)), pending: new Map(), dataVersion: dataVersion(db) };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const dataVersion = (db: Db) => statements(db).dataVersion.get() as number;

/**
 * The vocabulary of a store, read on first use. Writes through this connection are noted by
 * noteIndexedText() as they happen; a write by another connection (PRAGMA data_version changes)
 * makes the next lookup read the vocabulary again.
 */
function vocabulary(db: Db): Vocabulary {
  let cached = vocabularies.get(db);
  if (!cached || cached.dataVersion !== dataVersion(db)) {
    cached = load(db);
    vocabularies.set(db, cached);
  }
  return cached;
}

/** Every indexed word that starts with `prefix`, with its document counts; at most `max` + 1 of them. */
export function wordsStartingWith(db: Db, prefix: string, max: number): WordEntry[] {
  const { entries, pending } = vocabulary(db);
  const found: WordEntry[] = [];
  for (let i = firstAtOrAfter(entries, prefix); i < entries.length && entries[i]!.word.startsWith(prefix) && found.length <= max; i++) found.push(entries[i]!);
  for (const entry of pending.values()) if (entry.word.startsWith(prefix) && found.length <= max && !found.some((other) => other.word === entry.word)) found.push(entry);
  return found;
}

/**
 * Called by the indexer for every article it indexes through this connection, with the text of its
 * head (title, keywords, synonyms) and body columns. A store whose vocabulary was not read yet
 * has nothing to update: it is read whole on first use.
 */
export function noteIndexedText(db: Db, head: string, body: string): void {
  const cached = vocabularies.get(db);
  if (!cached) return;
  const headWords = wordsOf(head);
  for (const word of new Set([...headWords, ...wordsOf(body)])) {
    const existing = findEntry(cached, word);
    const entry = existing ?? { word, headDocs: 0, docs: 0 };
    entry.docs++;
    if (headWords.has(word)) entry.headDocs++;
    if (!existing) cached.pending.set(word, entry);
  }
  // New words are few after the first sync; fold them into the sorted list now and then.
  if (cached.pending.size > 256) {
    cached.entries = [...cached.entries, ...cached.pending.values()].sort((a, b) => compare(a.word, b.word));
    cached.pending.clear();
  }
}

function findEntry(vocabulary: Vocabulary, word: string): WordEntry | undefined {
  const pending = vocabulary.pending.get(word);
  if (pending) return pending;
  const entry = vocabulary.entries[firstAtOrAfter(vocabulary.entries, word)];
  return entry?.word === word ? entry : undefined;
}

/** Binary search: the index of the first entry whose word is not before `word`. */
function firstAtOrAfter(entries: WordEntry[], word: string): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (entries[mid]!.word < word) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** A token that does not start with a character of the Han block (where nearly every bigram starts). */
const NON_HAN_TOKEN = /(?<![^ ])[^ \u3400-\u9fff][^ ]*/g;

/**
 * The words of already tokenised column text (cjkColumns().terms: space-separated bigrams and
 * words). Cheap on purpose (~30 µs for an article of 1,000 characters): it runs for every article an
 * initial sync indexes once the vocabulary is in use.
 */
function wordsOf(terms: string): Set<string> {
  const words = new Set<string>();
  for (const [token] of terms.matchAll(NON_HAN_TOKEN)) {
    if (token.charCodeAt(0) < 0x80 || !isCjk(String.fromCodePoint(token.codePointAt(0)!))) words.add(token);
  }
  return words;
}
