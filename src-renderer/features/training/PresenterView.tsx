import { useEffect, useRef } from 'react';
import { chineseDate, fillPlaceholders } from '../../../src-shared/scripts/placeholders.js';
import { maskPhone } from '../../../src-shared/privacy/mask.js';
import { currentStep } from '../../../src-shared/scripts/script-run.js';
import { useT } from '../../app/i18n/i18n.js';
import { useTraining } from './training-store.js';
import { useScriptRun, useSession } from '../../app/cross-feature.js';

/** Large type for a projector: what the customer just said, and the step the trainee is on. Esc closes. */
export function PresenterView() {
  const t = useT();
  const { transcript, scenario, call, setPresenter } = useTraining();
  const run = useScriptRun((state) => state.run);
  const agentId = useSession((state) => state.session?.agent.id ?? '');
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    close.current?.focus();
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setPresenter(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setPresenter]);
  const step = run ? currentStep(run) : null;
  const last = transcript.at(-1);
  const context = { agentId, customerName: scenario?.caller.name, number: call ? maskPhone(call.remoteNumber) : undefined, today: chineseDate(new Date()) };
  return (
    <div role="dialog" aria-label={t('training.presenter')} className="presenter">
      <button ref={close} type="button" className="presenter-close" onClick={() => setPresenter(false)}>
        {t('training.closePresenter')} (Esc)
      </button>
      <p className="presenter-scenario">{scenario?.title}</p>
      {last && (
        <blockquote className="presenter-customer">
          <span>{t('training.customer')}：</span>
          {last.text}
        </blockquote>
      )}
      {step && (
        <div className="presenter-step">
          <h2>{step.title}</h2>
          {step.markers.map((marker, index) => (
            <p key={index} className={`marker ${marker.kind}`}>
              <strong>{t(`scripts.marker.${marker.kind}`)}</strong> {marker.text}
            </p>
          ))}
          <p>{fillPlaceholders(step.phrases[0]!, context)}</p>
        </div>
      )}
    </div>
  );
}
