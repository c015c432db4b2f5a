import { useEffect, useState } from 'react';
import { useT } from '../../i18n/i18n.js';
import { useTicketLink } from './ticket-link.js';

/**
 * Stand-in for the tickets feature's form, used only while no opener is registered: shows the
 * pre-filled fields of the script's ticket link, lets the agent correct them, and reports them
 * (training scores the reported fields). Remove once the ticket form calls `reportSubmitted`.
 */
export function TicketDraftStandIn() {
  const t = useT();
  const { draft, reportSubmitted, closeDraft } = useTicketLink();
  const [fields, setFields] = useState<Record<string, string | number | boolean>>({});
  useEffect(() => {
    setFields(draft?.fields ?? {});
  }, [draft]);
  if (!draft) return null;
  return (
    <form
      className="ticket-draft"
      aria-label={t('ticketDraft.heading')}
      onSubmit={(event) => {
        event.preventDefault();
        reportSubmitted({ ...draft, fields });
      }}
    >
      <h3>
        {t('ticketDraft.heading')} · {draft.type} <span className="hint">{t('ticketDraft.note')}</span>
      </h3>
      {Object.entries(fields).map(([name, value]) => (
        <label key={name}>
          <span>{name}</span>
          <input value={String(value)} onChange={(event) => setFields({ ...fields, [name]: event.target.value })} />
        </label>
      ))}
      <div className="step-actions">
        <button type="submit" className="primary">
          {t('ticketDraft.submit')}
        </button>
        <button type="button" onClick={closeDraft}>
          {t('ticketDraft.cancel')}
        </button>
      </div>
    </form>
  );
}
