import { useState, type ClipboardEvent } from 'react';
import { formatDuration } from '../../../src-shared/softphone/agent-state.js';
import { maskPhone } from '../../../src-shared/privacy/mask.js';
import { useT } from '../../app/i18n/i18n.js';
import type { MessageKey } from '../../app/i18n/messages.js';
import { PhoneSettings } from './PhoneSettings.js';
import { UnsavedCalls } from './UnsavedCalls.js';
import { useSoftphone } from './use-softphone.js';
import { normaliseDialString } from '../../../src-shared/softphone/dial-string.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** The strip under the call bar: dialling and DTMF, screen pop or today's KPIs, transfer, settings. */
export function SoftphoneDrawer({ transferOpen, onCloseTransfer }: { transferOpen: boolean; onCloseTransfer: () => void }) {
  const t = useT();
  const notice = useSoftphone((state) => state.notice);
  const hasCall = useSoftphone((state) => state.activeCallId !== null);
  const poorQuality = useSoftphone((state) => state.quality.low && state.activeCallId !== null);
  const [noticeKey, noticeDetail] = (notice ?? '').split('|');
  return (
    <section className="softphone-drawer" aria-label={t('softphone.settings')}>
      <DialPad />
      {hasCall ? <ScreenPopPanel /> : <KpiPanel />}
      {transferOpen && hasCall && <TransferPanel onClose={onCloseTransfer} />}
      <PhoneSettings />
      {poorQuality && (
        <p className="quality-warning" role="alert" data-testid="quality-warning">
          {t('softphone.quality.low')}
        </p>
      )}
      <UnsavedCalls />
      {notice && (
        <p className="softphone-notice" role="status">
          {t(noticeKey as MessageKey)}
          {noticeDetail}
          <button type="button" className="link-button" onClick={() => useSoftphone.getState().setNotice(null)}>
            ×
          </button>
        </p>
      )}
      <p className="hint shortcuts">{t('softphone.shortcuts')}</p>
    </section>
  );
}

function DialPad() {
  const t = useT();
  const [number, setNumber] = useState('');
  const inCall = useSoftphone((state) => state.activeCallId !== null && state.calls[state.activeCallId]?.state !== 'ringing');
  const registered = useSoftphone((state) => state.registration === 'registered');
  const softphone = useSoftphone.getState();

  const press = (key: string) => {
    if (inCall) void softphone.sendDtmf(key);
    else setNumber((current) => current + key);
  };
  const onPaste = (event: ClipboardEvent<HTMLInputElement>) => {
    // Numbers pasted from tickets and chats come as "138 1234 1234", "+86-138…", "tel:…".
    event.preventDefault();
    setNumber(normaliseDialString(event.clipboardData.getData('text')));
  };

  return (
    <form
      className="dial-pad"
      onSubmit={(event) => {
        event.preventDefault();
        const target = normaliseDialString(number);
        if (target) void softphone.dial(target).then(() => setNumber(''));
      }}
    >
      <label className="dial-number">
        <span>{t('softphone.number')}</span>
        <input value={number} inputMode="tel" autoComplete="off" placeholder={t('softphone.numberPlaceholder')} onChange={(event) => setNumber(event.target.value)} onPaste={onPaste} />
      </label>
      <button type="submit" className="bar-button answer" disabled={!registered || inCall}>
        {t('softphone.dial')}
      </button>
      <div className="keypad" role="group" aria-label={inCall ? t('softphone.dtmfKeypad') : t('softphone.keypad')}>
        {KEYS.map((key) => (
          <button key={key} type="button" onClick={() => press(key)}>
            {key}
          </button>
        ))}
      </div>
    </form>
  );
}

function ScreenPopPanel() {
  const t = useT();
  const screenPop = useSoftphone((state) => state.screenPop);
  const number = useSoftphone((state) => (state.activeCallId ? state.calls[state.activeCallId]?.remoteNumber : undefined));
  return (
    <section className="screen-pop" aria-label={t('softphone.pop.heading')} data-testid="screen-pop">
      <h3>{t('softphone.pop.heading')}</h3>
      <p>
        {t('softphone.pop.caller')}: <strong>{number ? maskPhone(number) : ''}</strong>
      </p>
      <h4>{t('softphone.pop.tickets')}</h4>
      {screenPop && screenPop.pop.recentTickets.length > 0 ? (
        <ul className="pop-list">
          {screenPop.pop.recentTickets.map((ticket) => (
            <li key={ticket.id}>
              <span className="tag">{ticket.type}</span> {ticket.title} <span className="muted">{ticket.status} · {ticket.createdAt.slice(0, 10)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('softphone.pop.noTickets')}</p>
      )}
      <h4>{t('softphone.pop.articles')}</h4>
      <ul className="pop-list">
        {screenPop?.pop.articles.map((article) => (
          <li key={article.id}>
            {article.title} <span className="muted">{article.category}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function KpiPanel() {
  const t = useT();
  const kpis = useSoftphone((state) => state.kpis);
  const rate = kpis?.answeredWithin15sRate;
  return (
    <section className="kpis" aria-label={t('softphone.kpi.heading')}>
      <h3>{t('softphone.kpi.heading')}</h3>
      <dl>
        <div>
          <dt>{t('softphone.kpi.calls')}</dt>
          <dd data-testid="kpi-calls">{kpis?.callsToday ?? 0}</dd>
        </div>
        <div>
          <dt>{t('softphone.kpi.aht')}</dt>
          <dd data-testid="kpi-aht">{kpis?.averageHandleSeconds == null ? '—' : formatDuration(kpis.averageHandleSeconds)}</dd>
        </div>
        <div>
          <dt>{t('softphone.kpi.answer15')}</dt>
          <dd data-testid="kpi-answer15">{rate == null ? '—' : `${Math.round(rate * 100)}%`}</dd>
        </div>
        <div>
          <dt>{t('softphone.kpi.notReady')}</dt>
          <dd data-testid="kpi-not-ready">{formatDuration(kpis?.notReadySeconds ?? 0)}</dd>
        </div>
      </dl>
    </section>
  );
}

function TransferPanel({ onClose }: { onClose: () => void }) {
  const t = useT();
  const [target, setTarget] = useState('');
  const consult = useSoftphone((state) => (state.consultCallId ? state.calls[state.consultCallId] : undefined));
  const softphone = useSoftphone.getState();
  return (
    <section className="transfer" aria-label={t('softphone.transfer')}>
      <label>
        <span>{t('softphone.transfer.target')}</span>
        <input value={target} inputMode="tel" onChange={(event) => setTarget(event.target.value)} disabled={consult !== undefined} />
      </label>
      {!consult ? (
        <>
          <button type="button" className="bar-button" disabled={!target.trim()} onClick={() => void softphone.blindTransfer(normaliseDialString(target)).then(onClose)}>
            {t('softphone.transfer.blind')}
          </button>
          <button type="button" className="bar-button" disabled={!target.trim()} onClick={() => void softphone.consult(normaliseDialString(target))}>
            {t('softphone.transfer.consult')}
          </button>
          <button type="button" className="link-button" onClick={onClose}>
            {t('softphone.transfer.close')}
          </button>
        </>
      ) : (
        <>
          <span data-testid="consult-state">
            {t('softphone.transfer.consulting')} {maskPhone(consult.remoteNumber)} · {consult.state}
          </span>
          <button type="button" className="bar-button answer" disabled={consult.state !== 'connected'} onClick={() => void softphone.completeTransfer().then(onClose)}>
            {t('softphone.transfer.complete')}
          </button>
          <button type="button" className="bar-button" onClick={() => void softphone.cancelConsult()}>
            {t('softphone.transfer.cancel')}
          </button>
        </>
      )}
    </section>
  );
}
