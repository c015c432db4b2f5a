import { PINYIN_FULL_MAX, segment } from './tokenizer.js';

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

/**
 * The indexed words (in the terms columns) a typed word begins (`rout` → router, routing), or null
 * to let FTS5 expand the prefix itself (when there are too many). Expanded words are iterated lazily
 * by FTS5; a prefix query instead merges every matching doclist before the first row comes back.
 */
export type PrefixExpander = (prefix: string) => string[] | null;

/** One term as an FTS5 expression: a bigram phrase, a single character, or a word/pinyin prefix. */
export function termExpression(term: QueryTerm, columns: MatchColumns, expand?: PrefixExpander): string | null {
  if (term.kind === 'cjk') {
    const chars = [...term.text];
    if (chars.length === 1) return `${filter(columns.chars)} : ${quote(chars[0]!)}`;
    const bigrams = chars.slice(0, -1).map((char, i) => char + chars[i + 1]!);
    return `${filter(columns.terms)} : ${quote(bigrams.join(' '))}`;
  }
  const expanded = expand?.(term.text);
  const word =
    expanded === undefined || expanded === null
      ? `${filter(columns.terms)} : ${quote(term.text)}*`
      : expanded.length > 0
        ? `${filter(columns.terms)} : (${expanded.map(quote).join(' OR ')})`
        : null;
  // Pinyin columns hold every prefix of the pinyin (tokenizer.ts), so the typed text is one token.
  const pinyin = columns.pinyin?.length && /^[a-z]+$/.test(term.text) ? `${filter(columns.pinyin)} : ${quote(term.text.slice(0, PINYIN_FULL_MAX))}` : null;
  if (word && pinyin) return `(${word} OR ${pinyin})`;
  return word ?? pinyin;
}


/** Every term required (AND); null when nothing can match (nothing searchable typed, or a word no indexed word begins with). */
export function matchExpression(terms: QueryTerm[], columns: MatchColumns, extra: string[] = [], expand?: PrefixExpander): string | null {
  if (terms.length === 0) return null;
  const parts = terms.map((term) => termExpression(term, columns, expand));
  if (parts.some((part) => part === null)) return null;
  return [...parts, ...extra].join(' AND ');
}
