import { useCallback, useEffect, useState } from 'react';
import type { CallHistoryEntry } from '../../../src-shared/domain/calls.js';
import type { ScriptRunSummary } from '../../../src-shared/scripts/compliance.js';
import { useT } from '../../app/i18n/i18n.js';
import { invoke } from '../../platform/workstation.js';
import { useScriptRun, useSoftphone, useTickets } from '../../app/cross-feature.js';

/**
 * Every call of this agent, newest first: direction, masked number, outcome, talk time, the ticket
 * it led to, and — when a script was used — its compliance record (质检证据), unfolded on demand.
 */
export function CallHistory() {
  const t = useT();
  const [calls, setCalls] = useState<CallHistoryEntry[]>([]);
  // A call is saved when it ends (the KPIs refresh then) and its script run when the agent closes it.
  const lastSaved = useScriptRun((state) => state.lastSaved);
  const kpis = useSoftphone((state) => state.kpis);
  const refresh = useCallback(async () => {
    const result = await invoke('calls.history', { limit: 100 });
    if (result.ok) setCalls(result.value);
  }, []);
  useEffect(() => void refresh(), [refresh, lastSaved, kpis]);

  if (calls.length === 0) return <p className="muted">{t('history.empty')}</p>;
  return (
    <ul className="call-history" aria-label={t('history.heading')}>
      {calls.map((call) => (
        <li key={call.id}>
          <CallLine call={call} />
        </li>
      ))}
    </ul>
  );
}

function CallLine({ call }: { call: CallHistoryEntry }) {
  const t = useT();
  const summary = (
    <>
      <span className="when">{localTime(call.ringAt)}</span>
      <span className="direction">{t(call.direction === 'inbound' ? 'history.inbound' : 'history.outbound')}</span>
      <span className="number">{call.maskedNumber}</span>
      <span className={`disposition ${call.disposition}`}>{t(`history.disposition.${call.disposition}`)}</span>
      <span className="talk">{call.talkSeconds === null ? '—' : duration(call.talkSeconds)}</span>
      {/* The GD number the agent and the customer use, never the internal id. */}
      {call.ticketId && call.ticketNumber && (
        <button type="button" className="link-button" onClick={() => void useTickets.getState().openTicket(call.ticketId!)}>
          {t('history.ticket')} {call.ticketNumber}
        </button>
      )}
      {call.ticketId && !call.ticketNumber && <span className="muted">{t('history.ticketNotKept')}</span>}
      {call.script && (
        <span className="script">
          <strong>{call.script.scriptTitle}</strong>{' '}
          <span className="muted">
            {t('history.steps')} {call.script.stepsDone} · {t('history.risks')} {call.script.riskAcknowledged} · {t('history.skipped')} {call.script.skippedRequired}
          </span>
        </span>
      )}
    </>
  );
  if (!call.script) return <div className="call-line">{summary}</div>;
  return (
    <details>
      <summary className="call-line">{summary}</summary>
      <ComplianceRecordView run={call.script} />
    </details>
  );
}

function ComplianceRecordView({ run }: { run: ScriptRunSummary }) {
  const t = useT();
  const { record } = run;
  return (
    <dl className="compliance">
      <dt>{t('history.steps')}</dt>
      <dd>{record.stepsDone.map((step) => step.title).join(' → ') || '—'}</dd>
      <dt>{t('history.branches')}</dt>
      <dd>{record.branchesTaken.map((branch) => `${branch.stepTitle}：${branch.label}`).join('；') || '—'}</dd>
      <dt>{t('history.risks')}</dt>
      <dd>{record.riskAcknowledgments.map((ack) => `${ack.title} @ ${new Date(ack.at).toLocaleTimeString('zh-CN', { hour12: false })}`).join('；') || '—'}</dd>
      <dt>{t('history.skipped')}</dt>
      <dd>{[...record.skippedRequired.map((skip) => `${skip.title}（${t('history.reasons')}：${skip.reason}）`), ...record.openRequired].join('；') || '—'}</dd>
    </dl>
  );
}

const localTime = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

const duration = (seconds: number) => {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
};
