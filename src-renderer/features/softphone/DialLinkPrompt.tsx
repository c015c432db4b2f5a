import { useEffect, useRef } from 'react';
import { useT } from '../../app/i18n/i18n.js';
import type { MessageKey } from '../../app/i18n/messages.js';
import { useDialLink } from './dial-link-store.js';
import { useSoftphone } from './use-softphone.js';

const REFUSALS: Record<'malformed' | 'featureCode' | 'international', MessageKey> = {
  malformed: 'softphone.link.malformed',
  featureCode: 'softphone.link.featureCode',
  international: 'softphone.link.international',
};

/** Under the call bar: "拨打 <number>?" for a clicked tel:/sip: link, or why the centre refuses it. */
export function DialLinkPrompt() {
  const t = useT();
  const { pending, dismiss } = useDialLink();
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), [pending]);
  if (!pending) return null;
  const onKey = (event: React.KeyboardEvent) => event.key === 'Escape' && dismiss();
  if (!pending.ok) {
    return (
      <div className="dial-link" role="alertdialog" aria-label={t('softphone.link.title')} data-testid="dial-link" onKeyDown={onKey}>
        <span>
          {t(REFUSALS[pending.reason])} <code>{pending.link}</code>
        </span>
        <button type="button" ref={confirm} onClick={dismiss}>
          {t('softphone.link.close')}
        </button>
      </div>
    );
  }
  const dial = () => {
    dismiss();
    void useSoftphone.getState().dial(pending.target);
  };
  return (
    <div className="dial-link" role="alertdialog" aria-label={t('softphone.link.title')} data-testid="dial-link" onKeyDown={onKey}>
      <span>
        {t('softphone.link.confirm')} <strong data-testid="dial-link-target">{pending.target}</strong>
      </span>
      <button type="button" className="primary" ref={confirm} onClick={dial}>
        {t('softphone.link.dial')}
      </button>
      <button type="button" onClick={dismiss}>
        {t('softphone.link.cancel')}
      </button>
    </div>
  );
}
