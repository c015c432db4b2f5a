import { useEffect } from 'react';
import { useI18n, useT } from '../../i18n/i18n.js';
import { useSync } from './sync-store.js';

export function SyncStatusBar() {
  const t = useT();
  const locale = useI18n((state) => state.locale);
  const { status, start, syncNow } = useSync();
  useEffect(() => start(), [start]);

  const state = !status ? 'offline' : status.syncing ? 'syncing' : status.online ? 'online' : 'offline';
  const label = t(state === 'syncing' ? 'sync.syncing' : state === 'online' ? 'sync.online' : 'sync.offline');
  const lastSync = status?.lastSyncAt ? new Date(status.lastSyncAt).toLocaleTimeString(locale) : t('sync.never');

  return (
    <footer className="status-bar" role="status" aria-label={t('sync.status')}>
      <span className={`dot dot-${state === 'syncing' ? (status?.online ? 'online' : 'offline') : state}`} aria-hidden="true" />
      <span data-testid="sync-state">{label}</span>
      <span>
        {t('sync.pending')} <strong data-testid="sync-pending">{status?.pending ?? 0}</strong>
      </span>
      <span>
        {t('sync.lastSync')} {lastSync}
      </span>
      {status?.lastError && !status.online && <span className="muted" title={status.lastError}>⚠</span>}
      <button type="button" className="link-button" onClick={() => void syncNow()}>
        {t('sync.now')}
      </button>
    </footer>
  );
}
