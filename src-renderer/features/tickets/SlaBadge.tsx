import { formatRemaining, slaSnapshot, type SlaTicketTimes } from '../../../src-shared/tickets/sla.js';
import { useI18n, useT } from '../../app/i18n/i18n.js';

/**
 * The running SLA promise in words ("首次响应 剩余 3 小时 12 分"): calm while ok, amber within the
 * warning, red once breached; the state is also said in words for screen readers and the tooltip.
 */
export function SlaBadge({ ticket, warnBeforeMinutes, now, long = false }: { ticket: SlaTicketTimes; warnBeforeMinutes: number; now: Date; long?: boolean }) {
  const t = useT();
  const locale = useI18n((state) => state.locale);
  const snapshot = slaSnapshot(ticket, warnBeforeMinutes, now);
  if (snapshot.state === 'none') return null;
  if (snapshot.phase === 'done') {
    return <span className={`sla sla-${snapshot.state}`}>{snapshot.state === 'met' ? t('tickets.sla.met') : t('tickets.sla.breached')}</span>;
  }
  const phase = snapshot.phase === 'firstResponse' ? t('tickets.sla.firstResponse') : t('tickets.sla.resolution');
  const remaining = formatRemaining(snapshot.remainingMs ?? 0, locale);
  const soon = snapshot.state === 'warning' ? ` · ${t('tickets.sla.warning')}` : '';
  return (
    <span
      className={`sla sla-${snapshot.state}`}
      data-testid="sla-countdown"
      aria-label={`${phase} ${remaining}${soon}`}
      title={`${phase} ${snapshot.dueAt ? new Date(snapshot.dueAt).toLocaleString(locale) : ''}${soon}`}
    >
      {long ? `${phase} ${remaining}` : remaining}
    </span>
  );
}

/** Same, for list rows that carry only the running due time and the moment the warning starts. */
export function RowSla({ dueAt, warnAt, now }: { dueAt: string | null; warnAt: string | null; now: Date }) {
  const locale = useI18n((state) => state.locale);
  if (!dueAt) return <span className="sla sla-none" />;
  const remaining = Date.parse(dueAt) - now.getTime();
  const state = remaining < 0 ? 'breached' : warnAt && Date.parse(warnAt) <= now.getTime() ? 'warning' : 'ok';
  return <span className={`sla sla-${state}`}>{formatRemaining(remaining, locale)}</span>;
}
