import { cjkColumns, matchExpression, parseQuery, pinyinColumns } from '../handbook/text-index.js';
import { readValue, writeValue } from '../store/key-value.js';
import type { Db } from '../store/open-store.js';
import { cachedStatement } from '../../../src-node/sqlite/prepared.js';

// Chinese search over tickets on the handbook's engine (see 080_ticket_search.sql): what the agent
// wrote (number, title, customer, code, free text, notes) in a bigram/word column and a
// single-character column, so 1- and 2-character terms, mixed Chinese/Latin/digits and phone
// fragments all match like a substring scan; pinyin (full and initials) of the title and customer name.

const COLUMNS = { terms: ['text_terms'], chars: ['text_chars'], pinyin: ['py_full', 'py_init'] };

export interface SearchableTicket {
  /** Everything searchable as one text. */
  text: string;
  /** The short texts agents also type in pinyin (title, customer name). */
  pinyinOf: string[];
}

/** Replaces a ticket's entry in the search index (rowid = tickets.rowid). Runs in the caller's transaction. */
export function indexTicket(db: Db, rowid: number, ticket: SearchableTicket): void {
  const { terms, chars } = cjkColumns(ticket.text);
  const { full, initials } = pinyinColumns(ticket.pinyinOf);
  cachedStatement(db, 'DELETE FROM tickets_search WHERE rowid = ?').run(rowid);
  cachedStatement(db, 'INSERT INTO tickets_search (rowid, text_terms, text_chars, py_full, py_init) VALUES (?, ?, ?, ?, ?)').run(rowid, terms, chars, full, initials);
}

export function unindexTicket(db: Db, rowid: number): void {
  cachedStatement(db, 'DELETE FROM tickets_search WHERE rowid = ?').run(rowid);
}

/**
 * The rowids of the tickets matching what the agent typed (every term required), or null when the
 * text has nothing searchable. Typed text only ever becomes quoted terms of a bound parameter.
 */
export function searchTickets(db: Db, text: string): Set<number> | null {
  const terms = parseQuery(text);
  if (terms.length === 0) return null;
  const match = matchExpression(terms, COLUMNS);
  if (!match) return new Set();
  return new Set(db.prepare('SELECT rowid FROM tickets_search WHERE tickets_search MATCH ?').pluck().all(match) as number[]);
}

/** After the upgrade to this index, fills it from the stored tickets once (at sign-in). Returns how many were indexed. */
export function rebuildTicketSearchIfNeeded(db: Db, reindexAll: () => number): number {
  if (readValue(db, 'settings', 'tickets_search_rebuild') !== '1') return 0;
  return db.transaction(() => {
    const count = reindexAll();
    writeValue(db, 'settings', 'tickets_search_rebuild', '0');
    return count;
  }).immediate();
}
