import { useEffect } from 'react';
import { useI18n, useT } from '../../app/i18n/i18n.js';
import { ageParts, useNow } from './age.js';
import { SyncIssuesPanel } from './SyncIssuesPanel.js';
import { useSync } from './sync-store.js';
import './sync.css';

/** Always visible: online/offline/syncing, pending writes and their age, last success, last error, problems, "sync now". */
export function SyncStatusBar() {
  const t = useT();
  const locale = useI18n((state) => state.locale);
  const { status, start, syncNow, openIssues, issuesOpen } = useSync();
  const now = useNow();
  useEffect(() => start(), [start]);

  const state = !status ? 'offline' : status.syncing ? 'syncing' : status.online ? 'online' : 'offline';
  const label = t(state === 'syncing' ? 'sync.syncing' : state === 'online' ? 'sync.online' : 'sync.offline');
  const lastSync = status?.lastSyncAt ? new Date(status.lastSyncAt).toLocaleTimeString(locale) : t('sync.never');
  const oldest = status?.oldestPendingAt ? ageParts(status.oldestPendingAt, now) : null;
  const problems = (status?.deadLetters ?? 0) + (status?.conflicts ?? 0);

  return (
    <>
      <footer className="status-bar" role="status" aria-label={t('sync.status')}>
        <span className={`dot dot-${state === 'syncing' ? (status?.online ? 'online' : 'offline') : state}`} aria-hidden="true" />
        <span data-testid="sync-state">{label}</span>
        <span>
          {t('sync.pending')} <strong data-testid="sync-pending">{status?.pending ?? 0}</strong>
          {oldest && status && status.pending > 0 && (
            <span className="muted" data-testid="sync-oldest">
              {' '}
              （{t('sync.oldestPending')} {oldest.value} {t(`sync.age.${oldest.unit}`)}）
            </span>
          )}
        </span>
        <span>
          {t('sync.lastSync')} <span data-testid="sync-last">{lastSync}</span>
        </span>
        {status?.lastError && (
          <span className="sync-error" data-testid="sync-error" title={status.lastError}>
            {t('sync.lastError')}: {status.lastError.slice(0, 80)}
            {status.nextAttemptAt && ` · ${t('sync.retryAt')} ${new Date(status.nextAttemptAt).toLocaleTimeString(locale)}`}
          </span>
        )}
        {problems > 0 && (
          <button type="button" className="sync-problems" onClick={() => void openIssues()} aria-haspopup="dialog" aria-expanded={issuesOpen}>
            {status!.deadLetters > 0 && `${t('sync.deadLetters')} ${status!.deadLetters}`}
            {status!.deadLetters > 0 && status!.conflicts > 0 && ' · '}
            {status!.conflicts > 0 && `${t('sync.conflicts')} ${status!.conflicts}`}
          </button>
        )}
        <span className="spacer" />
        <button type="button" className="link-button" onClick={() => void syncNow()}>
          {t('sync.now')}
        </button>
      </footer>
      {issuesOpen && <SyncIssuesPanel />}
    </>
  );
}
