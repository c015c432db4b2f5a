import { useSoftphone } from '../features/softphone/use-softphone.js';
import { useTraining } from '../features/training/training-store.js';
import { useT } from './i18n/i18n.js';

/**
 * With no line configured, the call bar offers the demo line: training's simulated caller behind
 * the real call bar, in the training sandbox (nothing reaches the profile or the centre), so a
 * newcomer sees a call ring, answers it and follows its script within a minute.
 */
export function DemoLineOffer() {
  const t = useT();
  const noLine = useSoftphone((state) => state.line === null && state.accountSource === 'none' && state.account === null);
  const training = useTraining((state) => state.status.active);
  if (!noLine || training) return null;
  return (
    <button type="button" className="bar-button demo-line" title={t('softphone.demo.offerHint')} onClick={() => void startDemoLine()}>
      {t('softphone.demo.offer')}
    </button>
  );
}

async function startDemoLine(): Promise<void> {
  await useTraining.getState().enter();
  const { scenarios, status } = useTraining.getState();
  if (!status.active) return;
  const first = scenarios.find((scenario) => scenario.difficulty === 'easy') ?? scenarios[0];
  if (!first) return;
  await useTraining.getState().select(first.id);
  useTraining.getState().start();
}
