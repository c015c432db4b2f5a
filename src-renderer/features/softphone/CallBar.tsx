import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { formatDuration, stateTimerSeconds } from '../../../src-shared/softphone/agent-state.js';
import { maskPhone } from '../../../src-shared/privacy/mask.js';
import { useI18n, useT } from '../../app/i18n/i18n.js';
import type { MessageKey } from '../../app/i18n/messages.js';
import { LanguageToggle } from '../../ui/LanguageToggle.js';
import { DialLinkPrompt } from './DialLinkPrompt.js';
import { SoftphoneDrawer } from './SoftphoneDrawer.js';
import { Ringtone } from './Ringtone.js';
import { useSoftphone } from './use-softphone.js';
import { useSoftphoneShortcuts, useTelLinks } from './shortcuts.js';
import './softphone.css';
import { openTicketFromCall, useScriptRun, useSession } from '../../app/cross-feature.js';

/** One-second clock for the timers on screen. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * Top bar: the agent state and its timer (always, with or without a line), the line's own status,
 * the current call and its controls. `lineOffer` is what the app offers when no line is
 * configured (the demo line).
 */
export function CallBar({ lineOffer }: { lineOffer?: ReactNode }) {
  const t = useT();
  const { session, logout } = useSession();
  const now = useNow();
  const [transferOpen, setTransferOpen] = useState(false);
  useSoftphoneShortcuts(useCallback(() => setTransferOpen(true), []));
  useTelLinks();

  useEffect(() => {
    void useSoftphone.getState().start();
    // Unregister when the window goes away, so the proxy keeps no stale contact for this agent.
    const leave = () => void useSoftphone.getState().stop();
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      void useSoftphone.getState().stop();
    };
  }, []);
  useEffect(() => useSoftphone.getState().tick(now), [now]);

  return (
    <>
      <header className="call-bar" aria-label={t('callbar.label')}>
        <strong className="brand">{t('app.title')}</strong>
        <AgentStateControl now={now} />
        <RegistrationBadge />
        {lineOffer}
        <CallControls now={now} onTransfer={() => setTransferOpen((open) => !open)} />
        <span className="spacer" />
        {session && (
          <span className="who">
            {session.agent.name} · {session.agent.id} · {session.agent.team}
          </span>
        )}
        <LanguageToggle />
        <button type="button" className="link-button" onClick={() => void logout()}>
          {t('session.logout')}
        </button>
      </header>
      <IncomingAlert />
      <DialLinkPrompt />
      <SoftphoneDrawer transferOpen={transferOpen} onCloseTransfer={() => setTransferOpen(false)} />
      <Ringtone />
    </>
  );
}

const STATE_KEYS: Record<string, MessageKey> = {
  offline: 'softphone.state.offline',
  ready: 'softphone.state.ready',
  notReady: 'softphone.state.notReady',
  ringing: 'softphone.state.ringing',
  talking: 'softphone.state.talking',
  afterCallWork: 'softphone.state.afterCallWork',
};

function AgentStateControl({ now }: { now: number }) {
  const t = useT();
  const locale = useI18n((state) => state.locale);
  const agent = useSoftphone((state) => state.agent);
  const reasons = useSoftphone((state) => state.config.notReadyReasons);
  const reason = reasons.find((candidate) => candidate.code === agent.reason);
  const reasonLabel = reason ? (locale === 'en' ? reason.en : reason.zh) : '';
  const selectable = agent.status === 'ready' || agent.status === 'notReady' || agent.status === 'afterCallWork';
  const value = agent.status === 'ready' ? 'ready' : agent.status === 'notReady' && agent.reason ? `nr:${agent.reason}` : '';

  return (
    <span className="agent-state" aria-label={t('callbar.agentState')}>
      <span className={`dot dot-${agent.status}`} aria-hidden="true" />
      <span data-testid="agent-state">
        {t(STATE_KEYS[agent.status]!)}
        {reasonLabel && ` · ${reasonLabel}`}
      </span>
      <span className="timer" data-testid="agent-state-timer" aria-label={t('softphone.state.timer')}>
        {formatDuration(stateTimerSeconds(agent, now))}
      </span>
      {selectable && (
        <select
          aria-label={t('softphone.state.choose')}
          value={value}
          onChange={(event) => {
            const next = event.target.value;
            if (next === 'ready') useSoftphone.getState().goReady();
            else if (next.startsWith('nr:')) useSoftphone.getState().goNotReady(next.slice(3));
          }}
        >
          {value === '' && <option value="">{t(STATE_KEYS[agent.status]!)}</option>}
          <option value="ready">{t('softphone.state.ready')}</option>
          {reasons.map((candidate) => (
            <option key={candidate.code} value={`nr:${candidate.code}`}>
              {t('softphone.state.notReady')} · {locale === 'en' ? candidate.en : candidate.zh}
            </option>
          ))}
        </select>
      )}
      {agent.status === 'afterCallWork' && (
        <button type="button" className="bar-button" onClick={() => useSoftphone.getState().goReady()}>
          {t('softphone.state.finishAcw')}
        </button>
      )}
    </span>
  );
}

function RegistrationBadge() {
  const t = useT();
  const registration = useSoftphone((state) => state.registration);
  const transport = useSoftphone((state) => state.transport);
  const source = useSoftphone((state) => state.accountSource);
  const line = useSoftphone((state) => state.line);
  const simulated = line?.kind === 'simulated';
  let key: MessageKey = `softphone.reg.${registration}`;
  if (simulated) key = 'softphone.reg.simulated';
  else if (!line && source === 'none') key = 'softphone.reg.noAccount';
  else if (registration !== 'registered' && transport !== 'connected' && registration !== 'unregistered') key = 'softphone.reg.reconnecting';
  return (
    <span className={`reg reg-${registration}`} role="status" aria-label={t('softphone.reg.label')} data-testid="registration">
      {t(key)}
    </span>
  );
}

function CallControls({ now, onTransfer }: { now: number; onTransfer: () => void }) {
  const t = useT();
  const call = useSoftphone((state) => (state.activeCallId ? state.calls[state.activeCallId] : undefined));
  const consulting = useSoftphone((state) => state.consultCallId !== null);
  const quality = useSoftphone((state) => state.quality);
  const softphone = useSoftphone.getState();
  if (!call) return null;
  const ringing = call.state === 'ringing';
  const connected = call.state === 'connected' || call.state === 'held';
  const callSeconds = call.answeredAt ? (now - call.answeredAt) / 1000 : (now - call.ringingAt) / 1000;

  return (
    <span className={`call call-${call.state}`} data-testid="current-call">
      <span className="call-party">
        {t(call.direction === 'inbound' ? 'softphone.incoming' : 'softphone.outgoing')}{' '}
        <strong data-testid="caller-number">{maskPhone(call.remoteNumber)}</strong>
      </span>
      {call.state === 'held' && <span className="tag">{t('softphone.onHold')}</span>}
      {call.muted && <span className="tag">{t('softphone.muted')}</span>}
      <span className="timer" data-testid="call-timer" aria-label={t('softphone.callTimer')}>
        {formatDuration(callSeconds)}
      </span>
      {connected && quality.mos !== null && (
        <span className={`mos ${quality.low ? 'mos-low' : ''}`} data-testid="mos" aria-label={t('softphone.quality')}>
          MOS {quality.mos.toFixed(1)}
        </span>
      )}
      {ringing && call.direction === 'inbound' && (
        <>
          <button type="button" className="bar-button answer" aria-keyshortcuts="Alt+A" onClick={() => void softphone.answer()}>
            {t('softphone.answer')}
          </button>
          <button type="button" className="bar-button reject" onClick={() => void softphone.reject()}>
            {t('softphone.reject')}
          </button>
        </>
      )}
      {connected && (
        <>
          {/* The label says what a press does now (恢复通话 while held), not a state to decode from a pressed look. */}
          <button type="button" className={`bar-button ${call.state === 'held' ? 'bar-button-active' : ''}`} aria-keyshortcuts="Alt+O" disabled={consulting} onClick={() => void softphone.toggleHold()}>
            {t(call.state === 'held' ? 'softphone.resume' : 'softphone.hold')}
          </button>
          <button type="button" className={`bar-button ${call.muted ? 'bar-button-active' : ''}`} aria-keyshortcuts="Alt+M" onClick={() => softphone.toggleMute()}>
            {t(call.muted ? 'softphone.unmute' : 'softphone.mute')}
          </button>
          <button type="button" className="bar-button" aria-keyshortcuts="Alt+T" onClick={onTransfer}>
            {t('softphone.transfer')}
          </button>
          <button
            type="button"
            className="bar-button"
            onClick={() => void openTicketFromCall({ callId: call.id, number: call.remoteNumber, startedAt: new Date(call.answeredAt ?? call.ringingAt).toISOString(), scenario: scriptScenario() })}
          >
            {t('softphone.newTicket')}
          </button>
        </>
      )}
      {!(ringing && call.direction === 'inbound') && (
        <button type="button" className="bar-button hangup" aria-keyshortcuts="Alt+H" onClick={() => void softphone.hangup()}>
          {t('softphone.hangup')}
        </button>
      )}
    </span>
  );
}

/** Browser mode's in-page alert for an incoming call (Electron adds an OS notification). */
function IncomingAlert() {
  const t = useT();
  const call = useSoftphone((state) => (state.activeCallId ? state.calls[state.activeCallId] : undefined));
  if (!call || call.state !== 'ringing' || call.direction !== 'inbound') return null;
  return (
    <p className="incoming-alert" role="alert" data-testid="ringing-bar">
      {t('softphone.incomingAlert')}
      {maskPhone(call.remoteNumber)}
    </p>
  );
}

/** The scenario of the script the agent follows on this call, so 建工单 opens the right form (投诉 → complaint). */
function scriptScenario(): string | undefined {
  const script = useScriptRun.getState().run?.script;
  return script ? `${script.title} ${script.scenario}`.slice(0, 120) : undefined;
}
