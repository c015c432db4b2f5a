import { segment } from './tokenizer.js';

// Turns whatever an agent typed into an FTS5 MATCH expression that can only mean "these literal
// terms, all required". The expression is built from segment()'s output — runs of letters, digits
// and CJK characters — so quotes, *, -, brackets, NEAR(, AND/OR/NOT, backslashes and emoji are
// either separators or plain words inside a quoted string. It is always passed as a bound
// parameter, never spliced into SQL.

export type QueryTerm = { kind: 'cjk'; text: string } | { kind: 'word'; text: string };

/** Beyond these, extra input only narrows results; dropping it keeps recall and bounds the work. */
export const MAX_TERMS = 12;
export const MAX_CJK_RUN = 24;
export const MAX_WORD = 48;

export function parseQuery(query: string): QueryTerm[] {
  const seen = new Set<string>();
  const terms: QueryTerm[] = [];
  for (const part of segment(query.slice(0, 4000))) {
    const text = part.kind === 'cjk' ? [...part.text].slice(0, MAX_CJK_RUN).join('') : part.text.slice(0, MAX_WORD);
    const key = `${part.kind}:${text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push({ kind: part.kind, text });
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
}

/** Which FTS5 columns a query term is looked up in. */
export interface MatchColumns {
  /** Columns holding cjkColumns().terms (bigrams and words). */
  terms: string[];
  /** Columns holding cjkColumns().chars (single CJK characters). */
  chars: string[];
  /** Columns holding pinyinColumns().full / .initials; a word term also matches these by prefix. */
  pinyin?: string[];
}

const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
const filter = (columns: string[]) => `{${columns.join(' ')}}`;

/** One term as an FTS5 expression: a bigram phrase, a single character, or a word/pinyin prefix. */
export function termExpression(term: QueryTerm, columns: MatchColumns): string {
  if (term.kind === 'cjk') {
    const chars = [...term.text];
    if (chars.length === 1) return `${filter(columns.chars)} : ${quote(chars[0]!)}`;
    const bigrams = chars.slice(0, -1).map((char, i) => char + chars[i + 1]!);
    return `${filter(columns.terms)} : ${quote(bigrams.join(' '))}`;
  }
  const word = `${filter(columns.terms)} : ${quote(term.text)}*`;
  return columns.pinyin?.length ? `(${word} OR ${filter(columns.pinyin)} : ${quote(term.text)}*)` : word;
}

/** Every term required (AND); returns null when nothing searchable was typed. */
export function matchExpression(terms: QueryTerm[], columns: MatchColumns, extra: string[] = []): string | null {
  if (terms.length === 0) return null;
  return [...terms.map((term) => termExpression(term, columns)), ...extra].join(' AND ');
}
