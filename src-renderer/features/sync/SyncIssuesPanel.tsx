import { useState } from 'react';
import type { ConflictView, DeadLetterView } from '../../../src-shared/ipc/sync.js';
import { useErrorText, useI18n, useT } from '../../app/i18n/i18n.js';
import { useSync } from './sync-store.js';

// Values and their texts arrive masked by main (the one policy); the clear ones never reach the renderer.
const opKey = (op: string) => (['create', 'update', 'append', 'delete'].includes(op) ? (`sync.op.${op}` as 'sync.op.create') : undefined);

/** The agent's place to settle sync problems: choose per conflicting field; fix, resubmit or give up refused writes. */
export function SyncIssuesPanel() {
  const t = useT();
  const errorText = useErrorText();
  const { conflicts, deadLetters, closeIssues, error } = useSync();
  return (
    <div className="sync-issues" role="dialog" aria-modal="false" aria-labelledby="sync-issues-title" onKeyDown={(event) => event.key === 'Escape' && closeIssues()}>
      <header className="sync-issues-header">
        <h2 id="sync-issues-title">{t('sync.issues.title')}</h2>
        <button type="button" className="link-button" onClick={closeIssues}>
          {t('sync.issues.close')}
        </button>
      </header>
      {error && (
        <p className="error" role="alert">
          {errorText(error)}
        </p>
      )}
      {conflicts.length === 0 && deadLetters.length === 0 && <p className="muted">{t('sync.issues.none')}</p>}
      {conflicts.length > 0 && (
        <section aria-labelledby="sync-conflicts-heading">
          <h3 id="sync-conflicts-heading">{t('sync.conflicts.heading')}</h3>
          <p className="hint">{t('sync.conflicts.explain')}</p>
          {conflicts.map((conflict) => (
            <ConflictCard key={conflict.mutationId} conflict={conflict} />
          ))}
        </section>
      )}
      {deadLetters.length > 0 && (
        <section aria-labelledby="sync-dead-heading">
          <h3 id="sync-dead-heading">{t('sync.dead.heading')}</h3>
          <p className="hint">{t('sync.dead.explain')}</p>
          {deadLetters.map((letter) => (
            <DeadLetterCard key={letter.mutationId} letter={letter} />
          ))}
        </section>
      )}
    </div>
  );
}

function EntityLine({ subject, collection, op }: { subject: { zh: string; en: string } | null; collection: string; op: string }) {
  const t = useT();
  const local = useLocal();
  const key = opKey(op);
  return (
    <p className="sync-entity">
      <strong>{subject ? local(subject) : collection}</strong> · {key ? t(key) : op}
    </p>
  );
}

const useLocal = () => {
  const locale = useI18n((state) => state.locale);
  return (text: { zh: string; en: string }) => (locale === 'en' ? text.en : text.zh);
};

/** Contested fields that read the same to the agent (label and both values), together. */
function sameRows<T extends { label: { zh: string }; mineText: { zh: string }; theirsText: { zh: string } }>(fields: T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of fields) {
    const key = `${item.label.zh}\u0000${item.mineText.zh}\u0000${item.theirsText.zh}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()];
}

/** Both values of each contested field, by the form's label and as the form shows them; the agent picks one per field (arrow keys within a row). */
function ConflictCard({ conflict }: { conflict: ConflictView }) {
  const t = useT();
  const local = useLocal();
  const resolve = useSync((state) => state.resolve);
  const [choices, setChoices] = useState<Record<string, 'mine' | 'theirs'>>({});
  const complete = conflict.fields.every(({ field }) => choices[field]);
  // A ticket's priority and its form's priority field are one thing to the agent: one row, one choice for both.
  const rows = sameRows(conflict.fields);
  const choose = (fields: { field: string }[], side: 'mine' | 'theirs') => setChoices({ ...choices, ...Object.fromEntries(fields.map(({ field }) => [field, side])) });
  return (
    <article className="sync-card" aria-label={conflict.subject ? local(conflict.subject) : conflict.entityId}>
      <EntityLine subject={conflict.subject} collection={conflict.collection} op={conflict.op} />
      <table className="sync-compare">
        <thead>
          <tr>
            <th scope="col">{t('sync.conflicts.field')}</th>
            <th scope="col">{t('sync.conflicts.mine')}</th>
            <th scope="col">{t('sync.conflicts.theirs')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((group) => {
            const { field, label, mineText, theirsText } = group[0]!;
            return (
            <tr key={field}>
              <th scope="row">{local(label)}</th>
              {(['mine', 'theirs'] as const).map((side) => (
                <td key={side}>
                  <label>
                    <input type="radio" name={`${conflict.mutationId}-${field}`} checked={choices[field] === side} onChange={() => choose(group, side)} />
                    <span className="sr-only">{`${local(label)} ${t(side === 'mine' ? 'sync.conflicts.keepMine' : 'sync.conflicts.keepTheirs')}`}</span> {local(side === 'mine' ? mineText : theirsText)}
                  </label>
                </td>
              ))}
            </tr>
            );
          })}
        </tbody>
      </table>
      <div className="sync-actions">
        <button type="button" onClick={() => setChoices(Object.fromEntries(conflict.fields.map(({ field }) => [field, 'mine'])))}>
          {t('sync.conflicts.allMine')}
        </button>
        <button type="button" onClick={() => setChoices(Object.fromEntries(conflict.fields.map(({ field }) => [field, 'theirs'])))}>
          {t('sync.conflicts.allTheirs')}
        </button>
        <button type="button" disabled={!complete} onClick={() => void resolve(conflict.mutationId, choices)}>
          {t('sync.conflicts.apply')}
        </button>
      </div>
    </article>
  );
}

/** A refused write: why, and what it changed in the agent's words. It is sent again as it was, or given up (audited); a ticket is fixed in its own form. */
function DeadLetterCard({ letter }: { letter: DeadLetterView }) {
  const t = useT();
  const local = useLocal();
  const locale = useI18n((state) => state.locale);
  const { resubmit, discard } = useSync();
  const [confirming, setConfirming] = useState(false);
  return (
    <article className="sync-card" aria-label={letter.subject ? local(letter.subject) : letter.entityId}>
      <EntityLine subject={letter.subject} collection={letter.collection} op={letter.op} />
      <p>
        {t('sync.dead.reason')}: <span className="sync-error">{letter.reason}</span>{' '}
        <span className="muted">({new Date(letter.rejectedAt).toLocaleString(locale)})</span>
      </p>
      {letter.changes.length > 0 && (
        <dl className="sync-changes">
          {letter.changes.map(({ field, label, text }) => (
            <div key={field}>
              <dt>{local(label)}</dt>
              <dd>{local(text)}</dd>
            </div>
          ))}
        </dl>
      )}
      {letter.collection === 'tickets' && <p className="hint">{t('sync.dead.fixInForm')}</p>}
      <div className="sync-actions">
        <button type="button" onClick={() => void resubmit(letter.mutationId)}>
          {t('sync.dead.resubmit')}
        </button>
        <button type="button" className="danger" onClick={() => (confirming ? void discard(letter.mutationId) : setConfirming(true))}>
          {confirming ? t('sync.dead.confirmDiscard') : t('sync.dead.discard')}
        </button>
      </div>
    </article>
  );
}
