import './tickets.css';
import { useEffect, useState, type KeyboardEvent } from 'react';
import type { CallbackReminder } from '../../../src-shared/ipc/tickets.js';
import { invoke } from '../../platform/workstation.js';
import { useI18n, useT } from '../../app/i18n/i18n.js';
import { TicketDetailView } from './TicketDetailView.js';
import { TicketForm } from './TicketForm.js';
import { TicketList } from './TicketList.js';
import { useTickets, type Tab } from './tickets-store.js';
import { fill, formatDateTime, useLocalText } from './ui-helpers.js';

const REMINDER_POLL_MS = 30_000;

/** The tickets work area: the list, open drafts and open tickets as tabs; new tickets; callback reminders. */
export function TicketsArea() {
  const t = useT();
  const local = useLocalText();
  const { tabs, active, forms, drafts, details, notice } = useTickets();
  const { start, activate, closeTab, newDraft } = useTickets.getState();
  useEffect(() => start(), [start]);

  const tabLabel = (tab: Tab) => {
    if (tab.kind === 'list') return t('tickets.tab.list');
    if (tab.kind === 'draft') {
      const form = forms.find((candidate) => candidate.id === drafts[tab.draftId]?.draft.formId);
      return `${form ? local(form.name) : ''}·${t('tickets.draft')}`;
    }
    return details[tab.ticketId]?.number ?? '…';
  };

  const onTabKey = (event: KeyboardEvent, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step) {
      const next = tabs[(index + step + tabs.length) % tabs.length]!;
      activate(next.key);
      document.getElementById(`tickets-tab-${next.key}`)?.focus();
    } else if (event.key === 'Delete' && tabs[index]!.key !== 'list') closeTab(tabs[index]!.key);
  };

  const activeTab = tabs.find((tab) => tab.key === active) ?? tabs[0]!;

  return (
    <div className="tickets-area">
      <CallbackReminders />
      <div className="tickets-toolbar">
        <div role="tablist" aria-label={t('tickets.tabs')} className="tabs">
          {tabs.map((tab, index) => (
            <span key={tab.key} className={`tab${tab.key === active ? ' active' : ''}`}>
              <button
                type="button"
                role="tab"
                id={`tickets-tab-${tab.key}`}
                aria-selected={tab.key === active}
                aria-controls="tickets-panel"
                tabIndex={tab.key === active ? 0 : -1}
                onClick={() => activate(tab.key)}
                onKeyDown={(event) => onTabKey(event, index)}
              >
                {tabLabel(tab)}
              </button>
              {tab.kind !== 'list' && (
                <button type="button" className="tab-close" aria-label={`${t('tickets.tab.close')} ${tabLabel(tab)}`} onClick={() => closeTab(tab.key)}>
                  ×
                </button>
              )}
            </span>
          ))}
        </div>
        <span className="spacer" />
        <div role="group" aria-label={t('tickets.newLabel')} className="new-buttons">
          <span className="muted">{t('tickets.new')}</span>
          {forms.map((form) => (
            <button key={form.id} type="button" onClick={() => void newDraft(form.id)}>
              {local(form.name)}
            </button>
          ))}
        </div>
      </div>
      {notice && <p className="banner">{notice}</p>}
      <div id="tickets-panel" role="tabpanel" aria-labelledby={`tickets-tab-${activeTab.key}`} className="tickets-panel">
        {activeTab.kind === 'list' && <TicketList />}
        {activeTab.kind === 'draft' && <TicketForm key={activeTab.draftId} draftId={activeTab.draftId} />}
        {activeTab.kind === 'ticket' && <TicketDetailView key={activeTab.ticketId} ticketId={activeTab.ticketId} />}
      </div>
    </div>
  );
}

/** Promised callbacks coming up or overdue, polled from the local store. */
function CallbackReminders() {
  const t = useT();
  const locale = useI18n((state) => state.locale);
  const listVersion = useTickets((state) => state.listVersion);
  const openTicket = useTickets((state) => state.openTicket);
  const [reminders, setReminders] = useState<CallbackReminder[]>([]);
  useEffect(() => {
    const load = () => void invoke('tickets.callbackReminders', {}).then((result) => result.ok && setReminders(result.value));
    load();
    const timer = setInterval(load, REMINDER_POLL_MS);
    return () => clearInterval(timer);
  }, [listVersion]);
  if (reminders.length === 0) return null;
  return (
    <div className="banner reminders" role="status" aria-label={t('tickets.reminders')}>
      <strong>{t('tickets.reminders')}</strong>
      {reminders.map((reminder) => (
        <button key={reminder.id} type="button" className="link-button" onClick={() => void openTicket(reminder.id)}>
          {fill(t('tickets.reminder.item'), { number: reminder.number, title: reminder.title, time: formatDateTime(reminder.callbackAt, locale) })}
        </button>
      ))}
    </div>
  );
}
