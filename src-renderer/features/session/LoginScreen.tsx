import { useState, type FormEvent } from 'react';
import { useErrorText, useT } from '../../app/i18n/i18n.js';
import { LanguageToggle } from '../../ui/LanguageToggle.js';
import { useSession } from './session-store.js';

export function LoginScreen() {
  const t = useT();
  const errorText = useErrorText();
  const { login, busy, error } = useSession();
  const [agentId, setAgentId] = useState('');
  const [password, setPassword] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void login(agentId.trim(), password);
  };

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-heading">
        <div className="login-head">
          <h1 id="login-heading">{t('app.title')}</h1>
          <LanguageToggle />
        </div>
        <h2>{t('login.heading')}</h2>
        <label>
          {t('login.agentId')}
          <input name="agentId" autoFocus autoComplete="username" inputMode="numeric" value={agentId} onChange={(e) => setAgentId(e.target.value)} required />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && (
          <p role="alert" className="error">
            {errorText(error)}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
        <p className="hint">{t('login.demoHint')}</p>
      </form>
    </main>
  );
}
