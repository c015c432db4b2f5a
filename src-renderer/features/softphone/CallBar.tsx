import { useT } from '../../i18n/i18n.js';
import { LanguageToggle } from '../../ui/LanguageToggle.js';
import { useSession } from '../session/session-store.js';

/** Top bar: who is signed in, agent state and line status. The softphone issue fills in the call controls. */
export function CallBar() {
  const t = useT();
  const { session, logout } = useSession();
  return (
    <header className="call-bar" aria-label={t('callbar.label')}>
      <strong className="brand">{t('app.title')}</strong>
      <span className="agent-state" aria-label={t('callbar.agentState')}>
        <span className="dot dot-offline" aria-hidden="true" /> {t('callbar.state.offline')}
      </span>
      <span className="muted">{t('callbar.line.idle')}</span>
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
  );
}
