import { useEffect } from 'react';
import { useT } from '../../i18n/i18n.js';
import { useTraining } from './training-store.js';

/** The switch into training mode (the sandbox); shown while not training. */
export function TrainingEntry() {
  const t = useT();
  const { status, load, enter } = useTraining();
  useEffect(() => load(), [load]);
  if (status.active) return null;
  return (
    <button type="button" className="link-button" onClick={() => void enter()}>
      {t('training.enter')}
    </button>
  );
}
