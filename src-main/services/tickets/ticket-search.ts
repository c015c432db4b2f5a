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
  /** The customer's phone number (the agent reads out its last digits); never a masked field's value. */
  phone: string;
  /** The short texts agents also type in pinyin (title, customer name). */
  pinyinOf: string[];
}

/** Replaces a ticket's entry in the search index (rowid = tickets.rowid). Runs in the caller's transaction. */
export function indexTicket(db: Db, rowid: number, ticket: SearchableTicket): void {
  const { terms, chars } = cjkColumns(ticket.text);
  const { full, initials } = pinyinColumns(ticket.pinyinOf);
  cachedStatement(db, 'DELETE FROM tickets_search WHERE rowid = ?').run(rowid);
  cachedStatement(db, 'INSERT INTO tickets_search (rowid, text_terms, text_chars, py_full, py_init, phone) VALUES (?, ?, ?, ?, ?, ?)').run(
    rowid,
    terms,
    chars,
    full,
    initials,
    phoneSuffixes(ticket.phone),
  );
}

export function unindexTicket(db: Db, rowid: number): void {
  cachedStatement(db, 'DELETE FROM tickets_search WHERE rowid = ?').run(rowid);
}

/** The shortest run of phone digits that finds a ticket: fewer say too little (any 3 digits match thousands). */
export const MIN_PHONE_DIGITS = 4;

/** Every suffix of the phone's digits with at least MIN_PHONE_DIGITS digits: any run of them is a prefix of one. */
export function phoneSuffixes(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  const suffixes: string[] = [];
  for (let start = 0; start + MIN_PHONE_DIGITS <= digits.length; start++) suffixes.push(digits.slice(start));
  return suffixes.join(' ');
}

// A phone number as agents type it: `5678`, `尾号5678`, `尾号 5678`, `139 1234 5678`, `139-1234-5678`.
// Digit groups joined by single spaces or dashes are one number; `5G`, `GD2026…` stay words.
const PHONE_IN_QUERY = /(?:尾号\s*)?(?<![A-Za-z0-9])(\d+(?:[ -]\d+)*)(?![A-Za-z0-9])/g;

/** The MATCH expression: every term required; a run of 4+ digits matches inside the phone, or as the words typed. */
export function ticketMatchExpression(text: string): string | null {
  const parts: string[] = [];
  const rest = text.replace(PHONE_IN_QUERY, (_whole, group: string) => {
    // Digits are words to parseQuery, and a word always yields an expression.
    const literal = matchExpression(parseQuery(group), COLUMNS)!;
    const digits = group.replace(/\D/g, '');
    parts.push(digits.length >= MIN_PHONE_DIGITS ? `(phone : "${digits}"* OR (${literal}))` : literal);
    return ' ';
  });
  const terms = parseQuery(rest);
  if (terms.length) parts.push(matchExpression(terms, COLUMNS)!);
  return parts.length ? parts.join(' AND ') : null;
}

/**
 * The rowids of the tickets matching what the agent typed (every term required), or null when the
 * text has nothing searchable. Typed text only ever becomes quoted terms of a bound parameter.
 */
export function searchTickets(db: Db, text: string): Set<number> | null {
  if (parseQuery(text).length === 0) return null;
  const match = ticketMatchExpression(text);
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
