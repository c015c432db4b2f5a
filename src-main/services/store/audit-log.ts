import type { Db } from './open-store.js';
import { cachedStatement } from '../../../src-node/sqlite/prepared.js';

/** What an agent did that someone may have to answer for later (a revealed number, a discarded write). */
export interface AuditEntry {
  at: Date;
  actor: string;
  action: string;
  target: string;
  /** The agent's words, or the facts of what was given up (stored as JSON, capped). */
  reason: string | Record<string, unknown>;
}

/** A reason longer than this is cut: the log records what happened, it is not a second copy of the data. */
const MAX_DETAILS = 4000;

/** The one writer of `audit_log`; call it inside the transaction that does what it records. */
export function writeAudit(db: Db, entry: AuditEntry): void {
  const reason = typeof entry.reason === 'string' ? entry.reason : JSON.stringify(entry.reason).slice(0, MAX_DETAILS);
  cachedStatement(db, 'INSERT INTO audit_log (at, actor, action, target, reason) VALUES (?, ?, ?, ?, ?)').run(entry.at.toISOString(), entry.actor, entry.action, entry.target, reason);
}
