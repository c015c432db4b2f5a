import type { RecentTicket } from '../../../src-shared/domain/softphone.js';
import type { Db } from '../store/open-store.js';

/** The forms one caller's number takes: as presented, digits only, and without +86/0086/86. */
export function numberVariants(number: string): string[] {
  const digits = number.replace(/\D/g, '');
  const national = digits.replace(/^(0086|86)(?=1\d{10}$)/, '');
  return [...new Set([number, digits, national, `+86${national}`].filter((variant) => variant.length > 0))];
}

/**
 * The caller's recent tickets for the screen pop, newest first. The tickets feature owns the
 * `tickets` table (id, type, status, title, customer_phone, created_at); until its migration has
 * run on this profile there is simply nothing to show.
 */
export function recentTicketsForNumber(db: Db, number: string, limit = 5): RecentTicket[] {
  const hasTickets = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tickets'").get();
  if (!hasTickets) return [];
  const variants = numberVariants(number);
  const rows = db
    .prepare(
      `SELECT id, type, status, title, created_at AS createdAt FROM tickets
       WHERE customer_phone IN (${variants.map(() => '?').join(', ')})
       ORDER BY created_at DESC LIMIT ?`,
    )
    .all(...variants, limit) as { id: unknown; type: unknown; status: unknown; title: unknown; createdAt: unknown }[];
  return rows.map((row) => ({
    id: String(row.id),
    type: String(row.type ?? ''),
    status: String(row.status ?? ''),
    title: String(row.title ?? ''),
    createdAt: String(row.createdAt ?? ''),
  }));
}
