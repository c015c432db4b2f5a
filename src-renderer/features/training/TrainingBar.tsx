import { useEffect, useRef } from 'react';
import { maskNumber } from '../../../src-shared/scripts/placeholders.js';
import { useT } from '../../i18n/i18n.js';
import { useScriptRun } from '../scripts/script-store.js';
import { useSession } from '../session/session-store.js';
import { PresenterView } from './PresenterView.js';
import { ScorecardView } from './ScorecardView.js';
import { useTraining } from './training-store.js';

/**
 * Training mode's own call panel and trainer controls. It drives the SimulatedLine only through
 * the Line interface; after the softphone store lands, the real call bar can take the line
 * (`setLine`) and this keeps only the scenario and trainer controls.
 */
export function TrainingBar() {
  const t = useT();
  const training = useTraining();
  const role = useSession((state) => state.session?.agent.role);
  const script = useScriptRun((state) => state.run?.script);
  const steps = script?.steps ?? [];
  const transcriptEnd = useRef<HTMLLIElement>(null);
  const isTrainer = role === 'trainer' || role === 'admin';
  const { call, line, scenario } = training;
  useEffect(() => {
    // Block body on purpose: newer Chromium returns a promise from scrollIntoView, which React would take for a cleanup.
    void transcriptEnd.current?.scrollIntoView({ block: 'nearest' });
  }, [training.transcript.length]);

  if (!training.status.active) return null;
  const live = call && call.state !== 'ended';
  return (
    <section className="training-bar" aria-label={t('training.bar')}>
      <div className="training-row">
        <strong className="training-badge">{t('training.banner')}</strong>
        <label>
          {t('training.scenario')}{' '}
          <select value={scenario?.id ?? ''} onChange={(event) => void training.select(event.target.value)}>
            <option value="" disabled>
              {t('training.pickScenario')}
            </option>
            {training.scenarios.map((summary) => (
              <option key={summary.id} value={summary.id}>
                [{t(`training.difficulty.${summary.difficulty}`)}] {summary.title}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <button type="button" onClick={() => void training.leave()}>
          {t('training.leave')}
        </button>
      </div>
      {training.problems.length > 0 && (
        <details className="training-problems">
          <summary>{t('training.problems')} ({training.problems.length})</summary>
          <ul>
            {training.problems.map((problem, index) => (
              <li key={index}>
                {problem.file} · {problem.path} · {problem.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      {scenario && (
        <>
          <p className="muted training-caller">
            {t('training.caller')}：{scenario.caller.name} · {maskNumber(scenario.caller.number)} · {scenario.caller.profile}
            {isTrainer && <> · {scenario.summary}</>}
          </p>
          <div className="training-row">
            <span className="call-state" data-testid="training-call-state">
              {t(`training.state.${call?.state === 'dialing' ? 'ringing' : (call?.state ?? 'idle')}`)}
              {training.paused && ` · ${t('training.paused')}`}
            </span>
            {call?.state === 'ringing' && (
              <button type="button" className="primary" onClick={() => void line?.answer(call.id)}>
                {t('training.answer')}
              </button>
            )}
            {live && call.state !== 'ringing' && (
              <>
                <button type="button" onClick={() => void line?.hold(call.id, call.state !== 'held')}>
                  {call.state === 'held' ? t('training.unhold') : t('training.hold')}
                </button>
                <button type="button" aria-pressed={call.muted} onClick={() => line?.mute(call.id, !call.muted)}>
                  {call.muted ? t('training.unmute') : t('training.mute')}
                </button>
              </>
            )}
            {live && (
              <button type="button" className="danger" onClick={() => void line?.hangup(call.id)}>
                {t('training.hangup')}
              </button>
            )}
            <span className="spacer" />
            {!live && (
              <button type="button" onClick={training.start}>
                {t('training.start')}
              </button>
            )}
            {isTrainer && live && (
              <button type="button" onClick={training.paused ? training.resume : training.pause}>
                {training.paused ? t('training.resume') : t('training.pause')}
              </button>
            )}
            {isTrainer && steps.length > 0 && (
              <label>
                {t('training.jump')}{' '}
                <select value="" onChange={(event) => event.target.value && training.jump(event.target.value)}>
                  <option value="">—</option>
                  {steps.map((step) => (
                    <option key={step.id} value={step.id}>
                      {step.title}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {isTrainer && (
              <>
                <button type="button" onClick={training.reset}>
                  {t('training.reset')}
                </button>
                <button type="button" onClick={() => training.setPresenter(true)}>
                  {t('training.presenter')}
                </button>
              </>
            )}
          </div>
          {training.transcript.length > 0 && (
            <ol className="transcript" aria-label={t('training.transcript')}>
              {training.transcript.map((entry, index) => (
                <li key={index} ref={index === training.transcript.length - 1 ? transcriptEnd : undefined}>
                  <span className="muted">{t('training.customer')}：</span>
                  {entry.text}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
      {training.presenter && <PresenterView />}
      {training.scorecard && <ScorecardView />}
    </section>
  );
}
