import { CallDisposition, type CallHistoryEntry } from '../../../src-shared/domain/calls.js';
import { maskPhone } from '../../../src-shared/privacy/mask.js';
import type { Db } from '../store/open-store.js';
import type { CallRow } from './call-store.js';
import { preparedPerStore } from '../../../src-node/sqlite/prepared.js';
import { summariseScriptRun } from '../scripts/script-store.js';

type HistoryRow = Pick<CallRow, 'id' | 'direction' | 'number' | 'ring_at' | 'answer_at' | 'end_at' | 'disposition' | 'ticket_id'> & { compliance: string | null; ticket_number: string | null };

// The compliance record is read from script_runs first: when a script run is saved before the
// softphone has recorded its call, only script_runs has it until the call row catches up.
const statements = preparedPerStore((db) => ({
  newest: db.prepare(
    `SELECT calls.id, calls.direction, calls.number, calls.ring_at, calls.answer_at, calls.end_at, calls.disposition, calls.ticket_id,
            coalesce(script_runs.record, calls.script_compliance) AS compliance, tickets.number AS ticket_number
     FROM calls LEFT JOIN script_runs ON script_runs.call_id = calls.id LEFT JOIN tickets ON tickets.id = calls.ticket_id
     ORDER BY calls.ring_at DESC LIMIT ?`,
  ),
}));

/** The agent's calls, newest first, with numbers masked: what the history list shows. */
export function callHistory(db: Db, limit: number): CallHistoryEntry[] {
  const rows = statements(db).newest.all(limit) as HistoryRow[];
  return rows.map((row) => ({
    id: row.id,
    direction: row.direction,
    maskedNumber: maskPhone(row.number),
    ringAt: row.ring_at,
    talkSeconds: row.answer_at && row.end_at ? Math.max(0, (Date.parse(row.end_at) - Date.parse(row.answer_at)) / 1000) : null,
    disposition: CallDisposition.catch('failed').parse(row.disposition),
    ticketId: row.ticket_id,
    ticketNumber: row.ticket_number,
    script: readableRun(row.compliance),
  }));
}

/** A record this build cannot read (a newer format, synced from elsewhere) shows the call without it. */
function readableRun(json: string | null) {
  if (!json) return null;
  try {
    return summariseScriptRun(json);
  } catch {
    return null;
  }
}
