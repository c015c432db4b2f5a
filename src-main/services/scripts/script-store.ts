import { pinyin } from 'pinyin-pro';
import { ComplianceRecord, ScriptRunSummary } from '../../../src-shared/scripts/compliance.js';
import { Script, type ScriptSummary } from '../../../src-shared/scripts/script-schema.js';
import { AppFailure } from '../../../src-shared/result.js';
import type { Change } from '../../../src-shared/sync/protocol.js';
import { annotateCall, getCall } from '../calls/call-store.js';
import type { Db } from '../store/open-store.js';
import { enqueueMutation } from '../sync/outbox.js';

interface ScriptRow {
  id: string;
  title: string;
  scenario: string;
  version: number;
  initials: string;
  pinyin: string;
  data: string;
}

/** Upserts one script; runs inside the caller's transaction (sync pull). */
export function saveScript(db: Db, script: Script, rev = 0): void {
  const words = [script.title, ...script.keywords];
  db.prepare(
    `INSERT INTO scripts (id, title, scenario, version, initials, pinyin, data, rev)
     VALUES (@id, @title, @scenario, @version, @initials, @pinyin, @data, @rev)
     ON CONFLICT(id) DO UPDATE SET title = excluded.title, scenario = excluded.scenario, version = excluded.version,
       initials = excluded.initials, pinyin = excluded.pinyin, data = excluded.data, rev = excluded.rev`,
  ).run({
    id: script.id,
    title: script.title,
    scenario: script.scenario,
    version: script.version,
    initials: words.map((word) => pinyinOf(word, 'first')).join(' '),
    pinyin: words.map((word) => pinyinOf(word, 'full')).join(' '),
    data: JSON.stringify(script),
    rev,
  });
}

/**
 * Applier for the `scripts` collection. A script this build cannot parse goes to
 * `scripts_rejected` (the version before it stays in use) so one bad document never stops sync.
 */
export function applyScriptChange(db: Db, change: Change): void {
  if (change.deleted) {
    db.prepare('DELETE FROM scripts WHERE id = ?').run(change.id);
    return;
  }
  const parsed = Script.safeParse(change.data);
  if (!parsed.success) {
    const error = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    db.prepare(
      `INSERT INTO scripts_rejected (id, rev, error, data, rejected_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET rev = excluded.rev, error = excluded.error, data = excluded.data, rejected_at = excluded.rejected_at`,
    ).run(change.id, change.rev, error.slice(0, 2000), JSON.stringify(change.data ?? null), new Date().toISOString());
    return;
  }
  db.prepare('DELETE FROM scripts_rejected WHERE id = ?').run(change.id);
  saveScript(db, parsed.data, change.rev);
}

export function rejectedScripts(db: Db): { id: string; rev: number; error: string }[] {
  return db.prepare('SELECT id, rev, error FROM scripts_rejected ORDER BY id').all() as { id: string; rev: number; error: string }[];
}

export function listScripts(db: Db): ScriptSummary[] {
  const rows = db.prepare('SELECT id, title, scenario, version, initials, pinyin, data FROM scripts ORDER BY scenario, title').all() as ScriptRow[];
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    scenario: row.scenario,
    version: row.version,
    keywords: (JSON.parse(row.data) as Script).keywords,
    initials: row.initials,
    pinyin: row.pinyin,
  }));
}

export function getScript(db: Db, id: string): Script {
  const row = db.prepare('SELECT data FROM scripts WHERE id = ?').get(id) as { data: string } | undefined;
  if (!row) throw new AppFailure('NOT_FOUND', `No script ${id}`);
  return Script.parse(JSON.parse(row.data));
}

/** A script by id, or undefined when it is missing or unreadable (a caller that can skip it). */
export function findScript(db: Db, id: string): Script | undefined {
  const row = db.prepare('SELECT data FROM scripts WHERE id = ?').get(id) as { data: string } | undefined;
  const parsed = row ? Script.safeParse(JSON.parse(row.data)) : undefined;
  return parsed?.success ? parsed.data : undefined;
}

/** The script used on this caller's most recent call, if it still exists. */
export function suggestScript(db: Db, callerNumber: string): string | null {
  const row = db
    .prepare('SELECT r.script_id AS id FROM script_runs r JOIN scripts s ON s.id = r.script_id WHERE r.caller_number = ? ORDER BY r.ended_at DESC LIMIT 1')
    .get(callerNumber) as { id: string } | undefined;
  return row?.id ?? null;
}

/**
 * Stores the compliance record with the call and queues it for sync, in one transaction: the
 * record exists locally only if its outbox entry does too. When the softphone has recorded the
 * call, the record goes onto that row (`calls.script_compliance`, synced as the call's update);
 * otherwise it is synced as an append to the call id. `script_runs` keeps the local index
 * (caller number for suggestions, history of script use).
 */
export function saveScriptRun(db: Db, record: ComplianceRecord, callerNumber: string): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO script_runs (call_id, script_id, caller_number, started_at, ended_at, record)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(call_id) DO UPDATE SET script_id = excluded.script_id, started_at = excluded.started_at,
         ended_at = excluded.ended_at, record = excluded.record`,
    ).run(record.callId, record.scriptId, callerNumber, record.startedAt, record.endedAt, JSON.stringify(record));
    if (getCall(db, record.callId)) annotateCall(db, record.callId, { scriptCompliance: record });
    // A create of a call that exists already merges into it (the server treats it as an update).
    else enqueueMutation(db, { collection: 'calls', entityId: record.callId, op: 'create', patch: { scriptCompliance: record }, baseRev: null });
  }).immediate();
}

export function getScriptRun(db: Db, callId: string): ScriptRunSummary | null {
  const row = db.prepare('SELECT record FROM script_runs WHERE call_id = ?').get(callId) as { record: string } | undefined;
  return row ? summariseScriptRun(row.record) : null;
}

export function listScriptRuns(db: Db, limit: number): ScriptRunSummary[] {
  const rows = db.prepare('SELECT record FROM script_runs ORDER BY ended_at DESC LIMIT ?').all(limit) as { record: string }[];
  return rows.map((row) => summariseScriptRun(row.record));
}

/** A stored compliance record (JSON) with the counts a history line shows. */
export function summariseScriptRun(json: string): ScriptRunSummary {
  const record = ComplianceRecord.parse(JSON.parse(json));
  return {
    callId: record.callId,
    scriptId: record.scriptId,
    scriptTitle: record.scriptTitle,
    maskedNumber: record.maskedNumber,
    startedAt: record.startedAt,
    endedAt: record.endedAt,
    stepsDone: record.stepsDone.length,
    riskAcknowledged: record.riskAcknowledgments.length,
    skippedRequired: record.skippedRequired.length + record.openRequired.length,
    record,
  };
}

function pinyinOf(text: string, kind: 'first' | 'full'): string {
  return pinyin(text, { pattern: kind === 'first' ? 'first' : 'pinyin', toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .replace(/\s+/g, '')
    .toLowerCase();
}
