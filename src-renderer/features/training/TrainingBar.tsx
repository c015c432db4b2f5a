import { useEffect, useRef } from 'react';
import { maskPhone } from '../../../src-shared/privacy/mask.js';
import { useT } from '../../app/i18n/i18n.js';
import { PresenterView } from './PresenterView.js';
import { ScorecardView } from './ScorecardView.js';
import { useTraining } from './training-store.js';
import { useScriptRun, useSession } from '../../app/cross-feature.js';

/**
 * Scenario choice and trainer controls. The practice call itself rings on the real call bar (the
 * SimulatedLine is the softphone's line while training runs), where it is answered, held, muted
 * and hung up; this bar shows what the customer says.
 */
export function TrainingBar() {
  const t = useT();
  const training = useTraining();
  const role = useSession((state) => state.session?.agent.role);
  const script = useScriptRun((state) => state.run?.script);
  const steps = script?.steps ?? [];
  const transcriptEnd = useRef<HTMLLIElement>(null);
  const isTrainer = role === 'trainer' || role === 'admin';
  const { call, scenario } = training;
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
        {scenario && !live && (
          <button type="button" className="primary" onClick={training.start}>
            {t('training.start')}
          </button>
        )}
        {training.paused && (
          <span className="tag" role="status">
            {t('training.paused')}
          </span>
        )}
        <span className="spacer" />
        {isTrainer && scenario && (
          <>
            {live && (
              <button type="button" onClick={training.paused ? training.resume : training.pause}>
                {training.paused ? t('training.resume') : t('training.pause')}
              </button>
            )}
            {steps.length > 0 && (
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
            <button type="button" onClick={training.reset}>
              {t('training.reset')}
            </button>
            <button type="button" onClick={() => training.setPresenter(true)}>
              {t('training.presenter')}
            </button>
          </>
        )}
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
        <p className="muted training-caller">
          {t('training.caller')}：{scenario.caller.name} · {maskPhone(scenario.caller.number)} · {scenario.caller.profile}
          {isTrainer && <> · {scenario.summary}</>}
        </p>
      )}
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
      {training.presenter && <PresenterView />}
      {training.scorecard && <ScorecardView />}
    </section>
  );
}
