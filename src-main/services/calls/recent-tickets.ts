import type { RecentTicket } from '../../../src-shared/domain/calls.js';
import type { Db } from '../store/open-store.js';
import { cachedStatement } from '../../../src-node/sqlite/prepared.js';

/** The forms one caller's number takes: as presented, digits only, and without +86/0086/86. */
export function numberVariants(number: string): string[] {
  const digits = number.replace(/\D/g, '');
  const national = digits.replace(/^(0086|86)(?=1\d{10}$)/, '');
  return [...new Set([number, digits, national, `+86${national}`].filter((variant) => variant.length > 0))];
}

/** The caller's recent tickets for the screen pop, newest first (the tickets feature's table). */
export function recentTicketsForNumber(db: Db, number: string, limit = 5): RecentTicket[] {
  const variants = numberVariants(number);
  // Prepared once per number shape (1–4 variants): every incoming call runs it.
  const rows = cachedStatement(
      db,
      `SELECT id, type, status, title, created_at AS createdAt FROM tickets
       WHERE customer_phone IN (${variants.map(() => '?').join(', ')})
       ORDER BY created_at DESC LIMIT ?`,
    ).all(...variants, limit) as { id: unknown; type: unknown; status: unknown; title: unknown; createdAt: unknown }[];
  return rows.map((row) => ({
    id: String(row.id),
    type: String(row.type ?? ''),
    status: String(row.status ?? ''),
    title: String(row.title ?? ''),
    createdAt: String(row.createdAt ?? ''),
  }));
}
