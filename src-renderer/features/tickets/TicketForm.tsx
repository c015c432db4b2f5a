import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { evaluateCondition, isRequired, isVisible, validateForm } from '../../../src-shared/tickets/form-engine.js';
import type { FieldDef } from '../../../src-shared/tickets/form-schema.js';
import { useI18n, useT } from '../../app/i18n/i18n.js';
import { FieldInput, isGroupField } from './FieldInput.js';
import { useTickets } from './tickets-store.js';
import { fill, formatDateTime, useLocalText } from './ui-helpers.js';

/**
 * A schema-driven ticket form for one draft. Ctrl+Enter submits; Ctrl+Shift+Enter submits as 已解决
 * where the form allows it (an inquiry answered on the call); every change is saved as a draft.
 */
export function TicketForm({ draftId }: { draftId: string }) {
  const t = useT();
  const local = useLocalText();
  const locale = useI18n((state) => state.locale);
  const state = useTickets((store) => store.drafts[draftId]);
  const forms = useTickets((store) => store.forms);
  const codes = useTickets((store) => store.codes);
  const { setValue, setFocus, touch, submit, discard } = useTickets.getState();
  const formRef = useRef<HTMLFormElement>(null);
  const form = forms.find((candidate) => candidate.id === state?.draft.formId);

  const codeLeaves = useMemo(
    () => Object.fromEntries(Object.entries(codes).map(([tree, leaves]) => [tree, new Set(leaves.map((leaf) => leaf.code))])),
    [codes],
  );
  const issues = useMemo(
    () => (form && state ? validateForm(form, state.values, { type: form.type, now: new Date(), codeLeaves }) : []),
    [form, state, codeLeaves],
  );

  // Put the cursor back where it was when the draft was last saved (after a restart, a crash included).
  const restoredFocus = useRef(false);
  useEffect(() => {
    if (restoredFocus.current || !form || !state) return;
    restoredFocus.current = true;
    const target = state.focusField ?? form.fields[0]?.id;
    const element = target ? document.getElementById(fieldElementId(draftId, target)) : null;
    const focusable = element?.matches('input, select, textarea') ? element : element?.querySelector<HTMLElement>('input, select, textarea');
    focusable?.focus();
  }, [form, state, draftId]);

  if (!state) return null;
  if (!form) return <p className="muted">{t('tickets.noForms')}</p>;

  const visibleIssues = issues.filter((issue) => state.showAllErrors || state.touched[issue.field]);
  const messageFor = (field: FieldDef): string | null => {
    const issue = visibleIssues.find((candidate) => candidate.field === field.id);
    if (issue) return local(issue.message);
    // A problem main found that this engine did not (forms changed since they were loaded): main's words.
    return state.serverIssues[field.id] ?? null;
  };

  // Offered only while the form's own condition holds (answered on the call, no callback wanted).
  const canResolve = !state.draft.ticketId && !!form.resolvedOnSubmit && evaluateCondition(form.resolvedOnSubmit.when, state.values, form.type);

  const onSubmit = async (resolve = false) => {
    const ok = await submit(draftId, { resolve });
    if (!ok) {
      const first = useTickets.getState().drafts[draftId];
      const firstField = form.fields.find((field) => isVisible(field, first?.values ?? {}, form.type) && issues.some((issue) => issue.field === field.id));
      if (firstField) document.getElementById(fieldElementId(draftId, firstField.id))?.scrollIntoView({ block: 'center' });
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void onSubmit(event.shiftKey && canResolve);
    }
  };

  const errorCount = state.showAllErrors ? issues.length + Object.keys(state.serverIssues).filter((field) => !issues.some((issue) => issue.field === field)).length : 0;

  return (
    <form
      ref={formRef}
      className="ticket-form"
      aria-label={`${local(form.name)} · ${t('tickets.draft')}`}
      noValidate
      onKeyDown={onKeyDown}
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit();
      }}
    >
      <div className="form-head">
        <h3>
          {local(form.name)}
          {state.draft.ticketId && <span className="badge badge-bad">{t('tickets.rejected')}</span>}
        </h3>
        {state.draft.call && (
          <span className="muted">
            {t('tickets.linkedCall')} {state.draft.call.callId} · {formatDateTime(state.draft.call.startedAt, locale)}
          </span>
        )}
        <span className="spacer" />
        <span className="muted" role="status" data-testid="draft-status">
          {state.saving ? t('tickets.draftSaving') : state.savedAt ? `${t('tickets.draftSaved')} ${new Date(state.savedAt).toLocaleTimeString(locale)}` : ''}
        </span>
      </div>
      {form.sections.map((section) => {
        const fields = form.fields.filter((field) => field.section === section.id && isVisible(field, state.values, form.type));
        if (fields.length === 0) return null;
        return (
          <fieldset key={section.id} className="form-section">
            <legend>{local(section.title)}</legend>
            <div className="form-grid">
              {fields.map((field) => {
                const id = fieldElementId(draftId, field.id);
                const message = messageFor(field);
                const required = isRequired(field, state.values, form.type);
                const describedBy = [message ? `${id}-error` : '', field.help ? `${id}-help` : ''].filter(Boolean).join(' ') || undefined;
                const input = (
                  <FieldInput
                    field={field}
                    id={id}
                    value={state.values[field.id]}
                    onChange={(value) => setValue(draftId, field.id, value)}
                    onFocus={() => setFocus(draftId, field.id)}
                    onBlur={() => touch(draftId, field.id)}
                    invalid={message !== null}
                    describedBy={describedBy}
                    codeLeaves={field.codeTree ? (codes[field.codeTree] ?? []) : []}
                  />
                );
                const labelText = (
                  <>
                    {local(field.label)}
                    {required && (
                      <span className="required" aria-hidden="true">
                        *
                      </span>
                    )}
                  </>
                );
                const wide = field.kind === 'longText' || field.kind === 'code' || field.kind === 'multi' || field.kind === 'file';
                return (
                  <div key={field.id} className={`form-field${wide ? ' wide' : ''}${message ? ' has-error' : ''}`}>
                    {isGroupField(field) ? (
                      <fieldset className="field-group" aria-describedby={describedBy} aria-required={required || undefined}>
                        <legend>{labelText}</legend>
                        {input}
                      </fieldset>
                    ) : (
                      <>
                        {/* The required mark sits outside the label, so the label is exactly the field's name. */}
                        <span className="field-label">
                          <label htmlFor={id}>{local(field.label)}</label>
                          {required && (
                            <span className="required" aria-hidden="true">
                              *
                            </span>
                          )}
                        </span>
                        {input}
                      </>
                    )}
                    {field.help && (
                      <span id={`${id}-help`} className="hint">
                        {local(field.help)}
                      </span>
                    )}
                    {message && (
                      <span id={`${id}-error`} className="field-error">
                        {message}
                      </span>
                    )}
                  </div>
                );
              })}
            </div>
          </fieldset>
        );
      })}
      <div className="form-actions">
        <button type="submit" className={canResolve ? undefined : 'primary'} disabled={state.submitting}>
          {state.draft.ticketId ? t('tickets.resubmit') : t('tickets.submit')}
        </button>
        <span className="hint">Ctrl+Enter</span>
        {canResolve && (
          <>
            <button type="button" className="primary" disabled={state.submitting} aria-keyshortcuts="Control+Shift+Enter" title={t('tickets.submitResolvedHint')} onClick={() => void onSubmit(true)}>
              {t('tickets.submitResolved')}
            </button>
            <span className="hint">Ctrl+Shift+Enter</span>
          </>
        )}
        {errorCount > 0 && (
          <span role="alert" className="error">
            {fill(t('tickets.errorsSummary'), { n: errorCount })}
          </span>
        )}
        <span className="spacer" />
        <button
          type="button"
          className="link-button"
          onClick={() => {
            if (window.confirm(t('tickets.discardConfirm'))) void discard(draftId);
          }}
        >
          {t('tickets.discard')}
        </button>
      </div>
    </form>
  );
}

export const fieldElementId = (draftId: string, fieldId: string) => `tf-${draftId.slice(-12)}-${fieldId}`;
