import type { Db } from '../store/open-store.js';

// Character-gram tokens for the ticket FTS index (see 030_tickets.sql). A CJK run becomes its
// unigrams and bigrams; other words are kept whole in lower case. Queries use the same split.
// The handbook's shared bigram/pinyin engine replaces this once both branches are merged.

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;
const RUNS = /[\u3400-\u9fff\uf900-\ufaff]+|[\p{L}\p{N}]+/gu;

export function toGrams(text: string): string {
  const tokens: string[] = [];
  for (const [run] of text.matchAll(RUNS)) {
    if (CJK.test(run[0]!)) {
      const chars = [...run];
      tokens.push(...chars);
      for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i]! + chars[i + 1]!);
    } else {
      tokens.push(run.toLowerCase());
    }
  }
  return tokens.join(' ');
}

/**
 * An FTS5 MATCH expression for what the agent typed: every bigram of a CJK run (or the single
 * character), every other word as a prefix. Terms are quoted, so no query text reaches FTS syntax.
 * Returns null when there is nothing to search for.
 */
export function toMatchQuery(query: string): string | null {
  const terms: string[] = [];
  for (const [run] of query.matchAll(RUNS)) {
    if (CJK.test(run[0]!)) {
      const chars = [...run];
      if (chars.length === 1) terms.push(quote(chars[0]!));
      for (let i = 0; i + 1 < chars.length; i++) terms.push(quote(chars[i]! + chars[i + 1]!));
    } else {
      terms.push(`${quote(run.toLowerCase())}*`);
    }
  }
  return terms.length ? [...new Set(terms)].join(' AND ') : null;
}

const quote = (term: string) => `"${term.replace(/"/g, '""')}"`;

/**
 * Chinese search over tickets (title, number, free text, notes): the rowids of the matching tickets,
 * or null when the text has nothing searchable. The one entry point lists use, so the engine behind
 * it can be swapped for the handbook's shared bigram/pinyin engine without touching the lists.
 */
export function searchTickets(db: Db, text: string): Set<number> | null {
  const match = toMatchQuery(text);
  if (!match) return null;
  return new Set(db.prepare('SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?').pluck().all(match) as number[]);
}
