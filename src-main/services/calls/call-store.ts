import { CallRecord, type CallKpis } from '../../../src-shared/domain/calls.js';
import type { Db } from '../store/open-store.js';
import { enqueueMutation } from '../sync/outbox.js';

/** A calls row as SQLite returns it. */
export interface CallRow {
  id: string;
  direction: 'inbound' | 'outbound';
  number: string;
  ring_at: string;
  answer_at: string | null;
  end_at: string | null;
  hold_seconds: number;
  acw_seconds: number;
  disposition: string;
  ticket_id: string | null;
  script_compliance: string | null;
  rev: number;
}

const toRecord = (row: CallRow): CallRecord =>
  CallRecord.parse({
    id: row.id,
    direction: row.direction,
    number: row.number,
    ringAt: row.ring_at,
    answerAt: row.answer_at,
    endAt: row.end_at,
    holdSeconds: row.hold_seconds,
    afterCallWorkSeconds: row.acw_seconds,
    disposition: row.disposition,
    ticketId: row.ticket_id,
    scriptCompliance: row.script_compliance ? (JSON.parse(row.script_compliance) as Record<string, unknown>) : null,
  });

/**
 * Writes a call (first when it ends, again when its after-call work ends) and its outbox entry in
 * one transaction: the history and what will be synced never disagree.
 */
export function saveCall(db: Db, incoming: CallRecord, now = new Date()): void {
  db.transaction(() => {
    const existing = db.prepare('SELECT * FROM calls WHERE id = ?').get(incoming.id) as CallRow | undefined;
    // The softphone saves the call again when after-call work ends, knowing nothing of the ticket
    // or script links other features added meanwhile: saving never clears those.
    const previous = existing ? toRecord(existing) : undefined;
    const record: CallRecord = {
      ...incoming,
      ticketId: incoming.ticketId ?? previous?.ticketId ?? null,
      scriptCompliance: incoming.scriptCompliance ?? previous?.scriptCompliance ?? null,
    };
    db.prepare(
      `INSERT INTO calls (id, direction, number, ring_at, answer_at, end_at, hold_seconds, acw_seconds, disposition, ticket_id, script_compliance, updated_at)
       VALUES (@id, @direction, @number, @ringAt, @answerAt, @endAt, @holdSeconds, @afterCallWorkSeconds, @disposition, @ticketId, @scriptCompliance, @updatedAt)
       ON CONFLICT(id) DO UPDATE SET answer_at = excluded.answer_at, end_at = excluded.end_at, hold_seconds = excluded.hold_seconds,
         acw_seconds = excluded.acw_seconds, disposition = excluded.disposition, ticket_id = excluded.ticket_id,
         script_compliance = excluded.script_compliance, updated_at = excluded.updated_at`,
    ).run({
      ...record,
      scriptCompliance: record.scriptCompliance ? JSON.stringify(record.scriptCompliance) : null,
      updatedAt: now.toISOString(),
    });
    if (!existing) {
      enqueueMutation(db, { collection: 'calls', entityId: record.id, op: 'create', patch: record, baseRev: null }, now);
      return;
    }
    const before = previous!;
    const patch = Object.fromEntries(
      Object.entries(record).filter(([key, value]) => JSON.stringify(before[key as keyof CallRecord]) !== JSON.stringify(value)),
    );
    if (Object.keys(patch).length > 0) {
      enqueueMutation(db, { collection: 'calls', entityId: record.id, op: 'update', patch, baseRev: existing.rev }, now);
    }
  })();
}

/** Links a ticket and/or stores script compliance on a call; queued for sync like any call change. */
export function annotateCall(
  db: Db,
  id: string,
  annotation: { ticketId?: string; scriptCompliance?: Record<string, unknown> },
  now = new Date(),
): CallRecord | undefined {
  const existing = getCall(db, id);
  if (!existing) return undefined;
  const updated: CallRecord = {
    ...existing,
    ...(annotation.ticketId !== undefined ? { ticketId: annotation.ticketId } : {}),
    ...(annotation.scriptCompliance !== undefined ? { scriptCompliance: annotation.scriptCompliance } : {}),
  };
  saveCall(db, updated, now);
  return updated;
}

export function getCall(db: Db, id: string): CallRecord | undefined {
  const row = db.prepare('SELECT * FROM calls WHERE id = ?').get(id) as CallRow | undefined;
  return row ? toRecord(row) : undefined;
}

export function recordAgentState(db: Db, entry: { status: string; reason?: string; at: string }): void {
  db.prepare('INSERT INTO agent_state_log (status, reason, at) VALUES (?, ?, ?)').run(entry.status, entry.reason ?? null, entry.at);
}

/** Local midnight of `now`, as the ISO UTC string the tables store. */
export function startOfLocalDay(now: Date): string {
  const day = new Date(now);
  day.setHours(0, 0, 0, 0);
  return day.toISOString();
}

const seconds = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);

/** The agent's own figures for today (local day of this machine). */
export function callKpis(db: Db, now = new Date()): CallKpis {
  const dayStart = startOfLocalDay(now);
  const calls = (db.prepare('SELECT * FROM calls WHERE ring_at >= ? ORDER BY ring_at').all(dayStart) as CallRow[]).map(toRecord);

  const answered = calls.filter((call) => call.answerAt && call.endAt);
  const handleTimes = answered.map((call) => seconds(call.answerAt!, call.endAt!) + call.afterCallWorkSeconds);
  const averageHandleSeconds = handleTimes.length ? handleTimes.reduce((a, b) => a + b, 0) / handleTimes.length : null;

  // Offered = every incoming call that rang this agent (answered, missed or rejected while ringing);
  // calls refused with 486 because the agent was not ready never rang and are not counted against them.
  const offered = calls.filter((call) => call.direction === 'inbound' && call.disposition !== 'busy');
  const within15 = offered.filter((call) => call.answerAt && seconds(call.ringAt, call.answerAt) <= 15);
  const answeredWithin15sRate = offered.length ? within15.length / offered.length : null;

  return {
    callsToday: calls.filter((call) => call.disposition !== 'busy').length,
    averageHandleSeconds,
    answeredWithin15sRate,
    notReadySeconds: notReadySecondsSince(db, dayStart, now.toISOString()),
  };
}

function notReadySecondsSince(db: Db, from: string, until: string): number {
  // The state in force at the start of the day counts from midnight.
  const before = db.prepare('SELECT status, at FROM agent_state_log WHERE at < ? ORDER BY at DESC, seq DESC LIMIT 1').get(from) as
    | { status: string; at: string }
    | undefined;
  const changes = db.prepare('SELECT status, at FROM agent_state_log WHERE at >= ? AND at <= ? ORDER BY at, seq').all(from, until) as {
    status: string;
    at: string;
  }[];
  const timeline = before ? [{ status: before.status, at: from }, ...changes] : changes;
  let total = 0;
  timeline.forEach((entry, index) => {
    if (entry.status !== 'notReady') return;
    total += seconds(entry.at, timeline[index + 1]?.at ?? until);
  });
  return Math.round(total);
}
