import { useState } from 'react';
import { maskPhone } from '../../../src-shared/privacy/mask.js';
import { useErrorText, useI18n, useT } from '../../app/i18n/i18n.js';
import { useSoftphone } from './use-softphone.js';

/**
 * Call records main did not take (`calls.save` failed): a calm line in the call area with the
 * reason and a retry, so a call never silently misses the agent's log and KPIs.
 */
export function UnsavedCalls() {
  const t = useT();
  const errorText = useErrorText();
  const zh = useI18n((state) => state.locale) === 'zh-CN';
  const unsaved = useSoftphone((state) => state.unsavedCalls);
  const [retrying, setRetrying] = useState(false);
  const newest = unsaved.at(-1);
  if (!newest) return null;
  const retry = async () => {
    setRetrying(true);
    try {
      await useSoftphone.getState().retryUnsavedCalls();
    } finally {
      setRetrying(false);
    }
  };
  return (
    <p className="softphone-notice unsaved-calls" role="status" data-testid="unsaved-calls" title={newest.error.message}>
      <strong>{t('softphone.unsaved.heading')}</strong>
      {zh
        ? `（${unsaved.length} ${t('softphone.unsaved.calls')}，${maskPhone(newest.record.number)}）：`
        : ` (${unsaved.length} ${t('softphone.unsaved.calls')}, ${maskPhone(newest.record.number)}): `}
      {errorText(newest.error)} {t('softphone.unsaved.kept')}{' '}
      <button type="button" className="link-button" disabled={retrying} onClick={() => void retry()}>
        {t('softphone.unsaved.retry')}
      </button>
    </p>
  );
}
