import { useState, type FormEvent, type ReactNode } from 'react';
import { DateTimeField } from '../../ui/DateTimeField.js';
import type { TicketDetail } from '../../../src-shared/ipc/tickets.js';
import type { AppError } from '../../../src-shared/result.js';
import { codePathText } from '../../../src-shared/tickets/codes.js';
import type { FieldDef, FieldValue, FileRef, ChoiceOption } from '../../../src-shared/tickets/form-schema.js';
import { ESCALATION_TARGETS, escalationTimeLimits } from '../../../src-shared/tickets/escalation-ladder.js';
import { callbackState, escalationResolveState, escalationState, formatRemaining } from '../../../src-shared/tickets/sla.js';
import { allowedTransitions, canAddNote, canEscalate, canTransfer, ESCALATION_LABELS, PRIORITY_LABELS, STATUS_LABELS, TRANSITION_LABELS } from '../../../src-shared/tickets/workflow.js';
import type { TicketEvent } from '../../../src-shared/tickets/ticket.js';
import { invoke } from '../../platform/workstation.js';
import { useErrorText, useI18n, useT } from '../../app/i18n/i18n.js';
import { SlaBadge } from './SlaBadge.js';
import { useTickets } from './tickets-store.js';
import { fill, formatDateTime, useLocalText, useNow } from './ui-helpers.js';
import { useSession } from '../../app/cross-feature.js';

type Panel = 'escalate' | 'transfer' | 'note' | 'callback' | null;

/** One ticket: status and SLA, actions allowed for the agent's role, fields, escalations, calls and the timeline. */
export function TicketDetailView({ ticketId }: { ticketId: string }) {
  const t = useT();
  const local = useLocalText();
  const locale = useI18n((state) => state.locale);
  const errorText = useErrorText();
  const detail = useTickets((state) => state.details[ticketId]);
  const forms = useTickets((state) => state.forms);
  const codes = useTickets((state) => state.codes);
  const role = useSession((state) => state.session?.agent.role ?? 'agent');
  const { act, editRejected } = useTickets.getState();
  const now = useNow(1000);
  const [panel, setPanel] = useState<Panel>(null);
  const [error, setError] = useState<AppError | null>(null);

  if (!detail) return null;
  const form = forms.find((candidate) => candidate.id === detail.formId);
  const rule = form?.sla[detail.priority];
  const run = async (promise: Promise<AppError | null>) => {
    const failure = await promise;
    setError(failure);
    if (!failure) setPanel(null);
  };
  const callback = callbackState(detail.callbackAt, detail.callbackDoneAt, form?.callbackReminderMinutes ?? 15, now);
  const nextLevels = ESCALATION_TARGETS.filter((level) => canEscalate(detail.escalationLevel, level, role, detail.status));

  return (
    <article className="ticket-detail" aria-label={`${detail.number} ${detail.title}`}>
      <header className="detail-head">
        <h3>
          <span className="mono">{detail.number}</span> {detail.title}
        </h3>
        <div className="detail-meta">
          <span className={`status status-${detail.status}`} data-testid="ticket-status">
            {local(STATUS_LABELS[detail.status])}
          </span>
          <span>{form ? local(form.name) : detail.type}</span>
          <span className={`priority-${detail.priority}`}>{local(PRIORITY_LABELS[detail.priority])}</span>
          {rule && <SlaBadge ticket={detail} warnBeforeMinutes={rule.warnBeforeMinutes} now={now} long />}
          {detail.escalationLevel > 0 && (
            <span className="badge" data-testid="escalation-level">
              {local(ESCALATION_LABELS[detail.escalationLevel as 1 | 2 | 3])}
            </span>
          )}
          {detail.pending && <span className="badge badge-pending">{t('tickets.pending')}</span>}
        </div>
      </header>
      {detail.rejectedReason && (
        <p className="banner banner-bad" role="alert">
          {fill(t('tickets.detail.rejectedBanner'), { reason: detail.rejectedReason })}{' '}
          <button type="button" className="link-button" onClick={() => void editRejected(detail.id)}>
            {t('tickets.detail.edit')}
          </button>
        </p>
      )}
      {detail.pending && !detail.rejectedReason && <p className="banner">{t('tickets.detail.pendingBanner')}</p>}

      <div className="detail-actions" role="toolbar" aria-label={t('tickets.actions')}>
        {allowedTransitions(detail.status, role).map((to) => (
          <button key={to} type="button" onClick={() => void run(act('tickets.transition', { id: detail.id, to }))}>
            {local(TRANSITION_LABELS[to])}
          </button>
        ))}
        {nextLevels.length > 0 && (
          <button type="button" aria-expanded={panel === 'escalate'} onClick={() => setPanel(panel === 'escalate' ? null : 'escalate')}>
            {t('tickets.escalate')}
          </button>
        )}
        {canTransfer(role, detail.status) && (
          <button type="button" aria-expanded={panel === 'transfer'} onClick={() => setPanel(panel === 'transfer' ? null : 'transfer')}>
            {t('tickets.transfer')}
          </button>
        )}
        {canAddNote(role) && (
          <>
            <button type="button" aria-expanded={panel === 'note'} onClick={() => setPanel(panel === 'note' ? null : 'note')}>
              {t('tickets.note')}
            </button>
            <button type="button" aria-expanded={panel === 'callback'} onClick={() => setPanel(panel === 'callback' ? null : 'callback')}>
              {t('tickets.callback.set')}
            </button>
          </>
        )}
        {canAddNote(role) && detail.callbackAt && !detail.callbackDoneAt && (
          <button type="button" onClick={() => void run(act('tickets.callbackDone', { id: detail.id }))}>
            {t('tickets.callback.done')}
          </button>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error.code === 'FORBIDDEN' ? t('tickets.error.forbidden') : error.code === 'SERVER_UNREACHABLE' ? t('tickets.detail.attachmentOffline') : (error.issues?.[0]?.message ?? errorText(error))}
        </p>
      )}
      {panel === 'escalate' && (
        <ActionPanel
          label={t('tickets.escalate')}
          confirm={t('tickets.escalate.confirm')}
          onCancel={() => setPanel(null)}
          onSubmit={(data) => run(act('tickets.escalate', { id: detail.id, level: Number(data.get('level')) as 1 | 2 | 3, reason: String(data.get('reason') ?? '') }))}
        >
          <label>
            {t('tickets.escalate.level')}
            <select name="level" defaultValue={String(nextLevels[0])}>
              {nextLevels.map((level) => (
                <option key={level} value={level}>
                  {local(ESCALATION_LABELS[level])} · {local(escalationTimeLimits(level))}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('tickets.escalate.reason')}
            <input name="reason" required minLength={2} autoFocus />
          </label>
        </ActionPanel>
      )}
      {panel === 'transfer' && (
        <ActionPanel
          label={t('tickets.transfer')}
          confirm={t('tickets.transfer.confirm')}
          onCancel={() => setPanel(null)}
          onSubmit={(data) => run(act('tickets.transfer', { id: detail.id, team: String(data.get('team') ?? ''), reason: String(data.get('reason') ?? '') }))}
        >
          <label>
            {t('tickets.transfer.team')}
            <input name="team" required autoFocus />
          </label>
          <label>
            {t('tickets.transfer.reason')}
            <input name="reason" required minLength={2} />
          </label>
        </ActionPanel>
      )}
      {panel === 'note' && (
        <ActionPanel label={t('tickets.note')} confirm={t('tickets.note.confirm')} onCancel={() => setPanel(null)} onSubmit={(data) => run(act('tickets.note', { id: detail.id, note: String(data.get('note') ?? '') }))}>
          <label className="wide">
            {t('tickets.note.text')}
            <textarea name="note" rows={3} required autoFocus />
          </label>
        </ActionPanel>
      )}
      {panel === 'callback' && (
        <ActionPanel
          label={t('tickets.callback.set')}
          confirm={t('tickets.callback.confirm')}
          onCancel={() => setPanel(null)}
          onSubmit={(data) => run(act('tickets.setCallback', { id: detail.id, at: String(data.get('at')) }))}
        >
          <label>
            {t('tickets.callback.at')}
            <DateTimeField name="at" value={null} required autoFocus />
          </label>
        </ActionPanel>
      )}

      <div className="detail-columns">
        <section aria-label={t('tickets.detail.fields')}>
          <dl className="detail-fields">
            <dt>{t('tickets.detail.owner')}</dt>
            <dd data-testid="ticket-owner">
              {detail.owner.name}（{detail.owner.id} · {detail.owner.team}）
            </dd>
            <dt>{t('tickets.detail.assignee')}</dt>
            <dd>
              {detail.assignee.team}
              {detail.assignee.name ? ` · ${detail.assignee.name}` : ''}
            </dd>
            <dt>{t('tickets.detail.created')}</dt>
            <dd>{formatDateTime(detail.createdAt, locale)}</dd>
            {detail.callbackAt && (
              <>
                <dt>{t('tickets.detail.callback')}</dt>
                <dd className={callback === 'overdue' ? 'text-bad' : callback === 'remind' ? 'text-warn' : undefined}>
                  {formatDateTime(detail.callbackAt, locale)}
                  {callback === 'overdue' && ` · ${t('tickets.callback.overdue')}`}
                  {callback === 'remind' && ` · ${t('tickets.callback.remind')}`}
                  {callback === 'done' && ` · ${t('tickets.callback.done')}`}
                </dd>
              </>
            )}
            {form?.fields
              .filter((field) => field.kind !== 'file' && detail.fields[field.id] !== undefined)
              .map((field) => (
                <FieldRow key={field.id} field={field} detail={detail} codes={codes} />
              ))}
          </dl>
          <h4>{t('tickets.detail.attachments')}</h4>
          <ul className="file-list">
            {form?.fields
              .filter((field) => field.kind === 'file')
              .flatMap((field) => (Array.isArray(detail.fields[field.id]) ? (detail.fields[field.id] as unknown as FileRef[]) : []))
              .map((file) => (
                <li key={file.id}>
                  <button type="button" className="link-button" onClick={() => void saveAttachment(detail.id, file).then((failure) => failure && setError(failure))}>
                    {file.name}
                  </button>{' '}
                  <span className="muted">{Math.ceil(file.size / 1024)} KB</span>
                </li>
              ))}
          </ul>
          <h4>{t('tickets.detail.calls')}</h4>
          <ul className="plain-list">
            {detail.calls.length === 0 && <li className="muted">{t('tickets.detail.noCalls')}</li>}
            {detail.calls.map((call) => (
              <li key={call.callId}>
                <span className="mono">{call.callId}</span> · {formatDateTime(call.startedAt, locale)}
              </li>
            ))}
          </ul>
        </section>
        <section aria-label={t('tickets.detail.timeline')}>
          {detail.escalations.length > 0 && (
            <>
              <h4>{t('tickets.detail.escalations')}</h4>
              <ul className="plain-list">
                {detail.escalations.map((escalation) => {
                  const timer = escalationState(escalation, 60, now);
                  const resolve = escalationResolveState(escalation, detail.resolvedAt, 60, now);
                  return (
                    <li key={escalation.level}>
                      {local(ESCALATION_LABELS[escalation.level])} · {escalation.byName} · {escalation.reason} ·{' '}
                      <span className={`sla sla-${timer.state}`} data-testid={`escalation-${escalation.level}-timer`}>
                        {escalation.answeredAt ? t('tickets.escalation.answered') : `${t('tickets.escalation.due')} ${formatRemaining(timer.remainingMs ?? 0, locale)}`}
                      </span>
                      {resolve.state !== 'none' && (
                        <>
                          {' · '}
                          <span className={`sla sla-${resolve.state}`} data-testid={`escalation-${escalation.level}-resolve`}>
                            {resolve.remainingMs === null ? t(resolve.state === 'met' ? 'tickets.escalation.resolvedInTime' : 'tickets.escalation.resolvedLate') : `${t('tickets.escalation.resolveDue')} ${formatRemaining(resolve.remainingMs, locale)}`}
                          </span>
                        </>
                      )}
                    </li>
                  );
                })}
              </ul>
            </>
          )}
          <h4>{t('tickets.detail.timeline')}</h4>
          <ol className="timeline">
            {[...detail.events].reverse().map((event) => (
              <li key={event.id}>
                <span className="muted">{formatDateTime(event.at, locale)}</span> <strong>{event.actorName}</strong> {describeEvent(event, t, local)}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </article>
  );
}

/** Saves an attachment through the browser's download (fetched from the centre the first time); returns why not. */
async function saveAttachment(ticketId: string, file: FileRef): Promise<AppError | null> {
  const result = await invoke('tickets.attachment', { ticketId, id: file.id });
  if (!result.ok) return result.error;
  const bytes = Uint8Array.from(atob(result.value.dataBase64), (char) => char.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: result.value.mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = result.value.name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return null;
}

function describeEvent(event: TicketEvent, t: ReturnType<typeof useT>, local: ReturnType<typeof useLocalText>): string {
  const base = t(`tickets.event.${event.kind}`);
  const parts = [base];
  if (event.kind === 'transition' && event.from && event.to) parts.push(`${local(STATUS_LABELS[event.from])} → ${local(STATUS_LABELS[event.to])}`);
  if (event.level) parts.push(local(ESCALATION_LABELS[event.level]));
  if (event.team) parts.push(event.team);
  if (event.callbackAt) parts.push(new Date(event.callbackAt).toLocaleString());
  if (event.callId) parts.push(event.callId);
  if (event.reason) parts.push(event.reason);
  if (event.note) parts.push(event.note);
  return parts.join(' · ');
}

function FieldRow({ field, detail, codes }: { field: FieldDef; detail: TicketDetail; codes: Record<string, import('../../../src-shared/tickets/codes.js').CodeLeaf[]> }) {
  const t = useT();
  const local = useLocalText();
  const locale = useI18n((state) => state.locale);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const masked = detail.maskedFields.includes(field.id);
  const value = detail.fields[field.id]!;

  const reveal = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '');
    const result = await invoke('tickets.reveal', { id: detail.id, field: field.id, reason });
    if (result.ok) {
      setRevealed(result.value.value);
      setAsking(false);
      setError(null);
    } else setError(result.error.issues?.[0]?.message ?? result.error.message);
  };

  return (
    <>
      <dt>{local(field.label)}</dt>
      <dd data-testid={`field-${field.id}`}>
        {revealed ?? displayValue(field, value, codes, local, locale)}
        {masked && revealed === null && !asking && (
          <button type="button" className="link-button" aria-label={`${t('tickets.reveal')} ${local(field.label)}`} onClick={() => setAsking(true)}>
            {t('tickets.reveal')}
          </button>
        )}
        {asking && (
          <form className="reveal-form" onSubmit={(event) => void reveal(event)}>
            <label>
              {t('tickets.reveal.reason')}
              <input name="reason" required minLength={2} autoFocus />
            </label>
            <button type="submit">{t('tickets.reveal.confirm')}</button>
            <button type="button" className="link-button" onClick={() => setAsking(false)}>
              {t('tickets.cancel')}
            </button>
            <span className="hint">{t('tickets.reveal.hint')}</span>
            {error && <span className="field-error">{error}</span>}
          </form>
        )}
      </dd>
    </>
  );
}

function displayValue(
  field: FieldDef,
  value: FieldValue,
  codes: Record<string, import('../../../src-shared/tickets/codes.js').CodeLeaf[]>,
  local: ReturnType<typeof useLocalText>,
  locale: string,
): ReactNode {
  const optionLabel = (options: ChoiceOption[] | undefined, raw: string) => {
    const option = options?.find((candidate) => candidate.value === raw);
    return option ? local(option.label) : raw;
  };
  switch (field.kind) {
    case 'single':
      return optionLabel(field.options, String(value));
    case 'multi':
      return (value as string[]).map((item) => optionLabel(field.options, item)).join('、');
    case 'cascade': {
      const labels: string[] = [];
      let level = field.options;
      for (const step of value as string[]) {
        const option = level?.find((candidate) => candidate.value === step);
        labels.push(option ? local(option.label) : step);
        level = option?.children;
      }
      return labels.join(' / ');
    }
    case 'code': {
      const leaf = codes[field.codeTree ?? '']?.find((candidate) => candidate.code === value);
      return leaf ? `${codePathText(leaf, locale === 'en' ? 'en' : 'zh-CN')}（${leaf.code}）` : String(value);
    }
    case 'datetime':
      return formatDateTime(String(value), locale);
    default:
      return String(value);
  }
}

function ActionPanel({ label, confirm, onSubmit, onCancel, children }: { label: string; confirm: string; onSubmit(data: FormData): Promise<void>; onCancel(): void; children: ReactNode }) {
  const t = useT();
  return (
    <form
      className="action-panel"
      aria-label={label}
      onKeyDown={(event) => event.key === 'Escape' && onCancel()}
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit(new FormData(event.currentTarget));
      }}
    >
      {children}
      <button type="submit" className="primary">
        {confirm}
      </button>
      <button type="button" className="link-button" onClick={onCancel}>
        {t('tickets.cancel')}
      </button>
    </form>
  );
}
