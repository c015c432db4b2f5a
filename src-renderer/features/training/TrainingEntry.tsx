import { useEffect } from 'react';
import { useT } from '../../app/i18n/i18n.js';
import { useTraining } from './training-store.js';
import { useSoftphone } from '../../app/cross-feature.js';

/** The switch into training mode (the sandbox); shown while not training. */
export function TrainingEntry() {
  const t = useT();
  const { status, load, enter } = useTraining();
  // Training replaces the store and the line under the script panel: never in the middle of a call.
  const onCall = useSoftphone((state) => state.activeCallId !== null);
  useEffect(() => load(), [load]);
  if (status.active) return null;
  return (
    <button type="button" className="link-button" disabled={onCall} onClick={() => void enter()}>
      {t('training.enter')}
    </button>
  );
}
