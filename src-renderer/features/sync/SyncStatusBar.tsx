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
  const offline = state === 'offline';

  return (
    <>
      <footer className="status-bar" role="status" aria-label={t('sync.status')}>
        <span className={`dot dot-${state === 'syncing' ? (status?.online ? 'online' : 'offline') : state}`} aria-hidden="true" />
        {offline ? (
          <OfflineBanner label={label} pending={status?.pending ?? 0} oldestPendingAt={status?.oldestPendingAt ?? null} />
        ) : (
          <>
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
          </>
        )}
        <span>
          {t('sync.lastSync')} <span data-testid="sync-last">{lastSync}</span>
        </span>
        {/* Offline, the transport's own words (often English: "fetch failed") say nothing the banner does not. */}
        {!offline && status?.lastError && (
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

/** Offline in calm words the agent can act on: "离线工作中 · 待上传 2 · 最早 32 秒前" (the age keeps counting). */
function OfflineBanner({ label, pending, oldestPendingAt }: { label: string; pending: number; oldestPendingAt: string | null }) {
  const t = useT();
  const now = useNow(1000);
  const oldest = pending > 0 && oldestPendingAt ? ageParts(oldestPendingAt, now) : null;
  return (
    <span className="offline-banner" data-testid="offline-banner" title={t('sync.banner.hint')}>
      <span data-testid="sync-state">{label}</span>
      {t('sync.banner.working')} · {t('sync.pending')} <strong data-testid="sync-pending">{pending}</strong>
      {oldest && (
        <span data-testid="sync-oldest">
          {' '}
          · {t('sync.banner.oldest')} {oldest.value} {t(`sync.age.${oldest.unit}`)}
          {t('sync.banner.ago')}
        </span>
      )}
    </span>
  );
}
