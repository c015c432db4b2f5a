// How one call becomes a line in the agent's call log: its outcome (disposition) and its record.
// Pure: times come in as epoch ms, nothing reads a clock, so a table of call histories tests it.
import type { CallDisposition, CallRecord } from '../domain/calls.js';

/** What the softphone knows about one call when it writes its record. Times are epoch ms. */
export interface CallFacts {
  id: string;
  direction: 'inbound' | 'outbound';
  /** As dialled or presented (unmasked: the local log keeps the real number). */
  number: string;
  ringingAt: number;
  answeredAt?: number;
  /** Set once the call has ended; a record without it is the one saved while the call still runs. */
  endedAt?: number;
  /**
   * Why it ended: a SIP status of the final response ('486', '603', '404' …), 'local' when this
   * agent hung up or cancelled, 'remote' when the far end did, 'transferred' after a transfer.
   */
  endReason?: string;
  /** Time on hold so far, in seconds (fractions allowed; the record rounds). */
  holdSeconds: number;
}

/**
 * The outcome. Answered beats everything (a transferred or held call was still answered); 486 is
 * busy (the agent was not ready or on another call: it does not count against the answer rate);
 * 603 is a rejection. An unanswered outbound call failed; an unanswered inbound call the agent
 * ended was rejected, and one the caller gave up on was abandoned.
 */
export function callDisposition(facts: Pick<CallFacts, 'direction' | 'answeredAt' | 'endReason'>): CallDisposition {
  if (facts.answeredAt !== undefined) return 'answered';
  if (facts.endReason === '486') return 'busy';
  if (facts.endReason === '603') return 'rejected';
  if (facts.direction === 'outbound') return 'failed';
  return facts.endReason === 'local' ? 'rejected' : 'abandoned';
}

const iso = (epochMs: number) => new Date(epochMs).toISOString();

/** The call's record for `calls.save`; after-call work is added by `withAfterCallWork` when it ends. */
export function buildCallRecord(facts: CallFacts): CallRecord {
  return {
    id: facts.id,
    direction: facts.direction,
    number: facts.number,
    ringAt: iso(facts.ringingAt),
    answerAt: facts.answeredAt !== undefined ? iso(facts.answeredAt) : null,
    endAt: facts.endedAt !== undefined ? iso(facts.endedAt) : null,
    holdSeconds: Math.round(facts.holdSeconds),
    afterCallWorkSeconds: 0,
    disposition: callDisposition(facts),
    ticketId: null,
    scriptCompliance: null,
  };
}

/** The record of an ended call once the agent leaves after-call work at `now`. */
export function withAfterCallWork(record: CallRecord, now: number): CallRecord {
  if (!record.endAt) return record;
  return { ...record, afterCallWorkSeconds: Math.max(0, Math.round((now - Date.parse(record.endAt)) / 1000)) };
}
