import { z } from 'zod';
import { RevealAuditEntry } from '../../src-shared/privacy/reveal-audit.js';
import { parseRow } from '../../src-node/sqlite/rows.js';
import type { RevealRecord } from './storage.js';

/** A `reveal_audit` row as either database returns it (PostgreSQL hands back Date objects for timestamptz). */
const Time = z.union([z.string(), z.date()]).transform((value) => (value instanceof Date ? value.toISOString() : value));

const RevealRow = RevealAuditEntry.extend({ revealedAt: Time, recordedAt: Time });

/** Parsed, not cast: a row another build wrote differently fails here, naming the table. */
export function toReveal(row: unknown): RevealRecord {
  return parseRow(RevealRow, row, 'reveal_audit');
}

/** The columns as RevealRecord names them, for both dialects' SELECT. */
export const REVEAL_COLUMNS = `event_id AS "eventId", ticket_id AS "ticketId", field, reason, agent_id AS "agentId", agent_role AS "agentRole", team,
  revealed_at AS "revealedAt", recorded_at AS "recordedAt"`;
