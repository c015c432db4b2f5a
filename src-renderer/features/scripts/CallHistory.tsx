import { useCallback, useEffect, useState } from 'react';
import type { ScriptRunSummary } from '../../../src-shared/scripts/compliance.js';
import { useT } from '../../i18n/i18n.js';
import { invoke } from '../../ipc/workstation.js';
import { useScriptRun } from './script-store.js';

/**
 * Calls with their compliance record (质检证据). A minimal list until the softphone's call history
 * lands; that one should show `scripts.run({callId})` for each of its calls instead.
 */
export function CallHistory() {
  const t = useT();
  const [runs, setRuns] = useState<ScriptRunSummary[]>([]);
  const lastSaved = useScriptRun((state) => state.lastSaved);
  const refresh = useCallback(async () => {
    const result = await invoke('scripts.runs', { limit: 50 });
    if (result.ok) setRuns(result.value);
  }, []);
  useEffect(() => void refresh(), [refresh, lastSaved]);

  if (runs.length === 0) return <p className="muted">{t('history.empty')}</p>;
  return (
    <ul className="call-history" aria-label={t('history.heading')}>
      {runs.map((run) => (
        <li key={run.callId}>
          <details>
            <summary>
              <span>{localTime(run.endedAt)}</span> <span>{run.maskedNumber}</span> <strong>{run.scriptTitle}</strong>{' '}
              <span className="muted">
                {t('history.steps')} {run.stepsDone} · {t('history.risks')} {run.riskAcknowledged} · {t('history.skipped')} {run.skippedRequired}
              </span>
            </summary>
            <dl className="compliance">
              <dt>{t('history.steps')}</dt>
              <dd>{run.record.stepsDone.map((step) => step.title).join(' → ') || '—'}</dd>
              <dt>{t('history.branches')}</dt>
              <dd>{run.record.branchesTaken.map((branch) => `${branch.stepTitle}：${branch.label}`).join('；') || '—'}</dd>
              <dt>{t('history.risks')}</dt>
              <dd>{run.record.riskAcknowledgments.map((ack) => `${ack.title} @ ${new Date(ack.at).toLocaleTimeString('zh-CN', { hour12: false })}`).join('；') || '—'}</dd>
              <dt>{t('history.skipped')}</dt>
              <dd>
                {[...run.record.skippedRequired.map((skip) => `${skip.title}（${t('history.reasons')}：${skip.reason}）`), ...run.record.openRequired].join('；') || '—'}
              </dd>
            </dl>
          </details>
        </li>
      ))}
    </ul>
  );
}

const localTime = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
