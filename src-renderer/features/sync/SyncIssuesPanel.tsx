import { useState } from 'react';
import type { ConflictView, DeadLetterView } from '../../../src-shared/ipc/sync.js';
import { useErrorText, useI18n, useT } from '../../app/i18n/i18n.js';
import { useSync } from './sync-store.js';

// Values arrive masked by main (the one policy); the clear ones never reach the renderer.
const show = (value: unknown) => (value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));
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

function EntityLine({ collection, entityId, op }: { collection: string; entityId: string; op: string }) {
  const t = useT();
  const key = opKey(op);
  return (
    <p className="sync-entity">
      {t('sync.entity')}: <strong>{collection}</strong> {entityId} · {key ? t(key) : op}
    </p>
  );
}

function ConflictCard({ conflict }: { conflict: ConflictView }) {
  const t = useT();
  const resolve = useSync((state) => state.resolve);
  const [choices, setChoices] = useState<Record<string, 'mine' | 'theirs'>>({});
  const complete = conflict.fields.every(({ field }) => choices[field]);
  return (
    <article className="sync-card" aria-label={`${conflict.collection} ${conflict.entityId}`}>
      <EntityLine collection={conflict.collection} entityId={conflict.entityId} op={conflict.op} />
      <table className="sync-compare">
        <thead>
          <tr>
            <th scope="col">{t('sync.conflicts.field')}</th>
            <th scope="col">{t('sync.conflicts.mine')}</th>
            <th scope="col">{t('sync.conflicts.theirs')}</th>
          </tr>
        </thead>
        <tbody>
          {conflict.fields.map(({ field, mine, theirs }) => (
            <tr key={field}>
              <th scope="row">{field}</th>
              <td>
                <label>
                  <input type="radio" name={`${conflict.mutationId}-${field}`} checked={choices[field] === 'mine'} onChange={() => setChoices({ ...choices, [field]: 'mine' })} />
                  <span className="sr-only">{`${field} ${t('sync.conflicts.keepMine')}`}</span> {show(mine)}
                </label>
              </td>
              <td>
                <label>
                  <input type="radio" name={`${conflict.mutationId}-${field}`} checked={choices[field] === 'theirs'} onChange={() => setChoices({ ...choices, [field]: 'theirs' })} />
                  <span className="sr-only">{`${field} ${t('sync.conflicts.keepTheirs')}`}</span> {show(theirs)}
                </label>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" disabled={!complete} onClick={() => void resolve(conflict.mutationId, choices)}>
        {t('sync.conflicts.apply')}
      </button>
    </article>
  );
}

function DeadLetterCard({ letter }: { letter: DeadLetterView }) {
  const t = useT();
  const locale = useI18n((state) => state.locale);
  const { resubmit, discard } = useSync();
  const original = JSON.stringify(letter.patch, null, 2);
  const [text, setText] = useState(original);
  const [confirming, setConfirming] = useState(false);
  let parsed: Record<string, unknown> | undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) parsed = value as Record<string, unknown>;
  } catch {
    parsed = undefined;
  }
  const fieldId = `patch-${letter.mutationId}`;
  return (
    <article className="sync-card" aria-label={`${letter.collection} ${letter.entityId}`}>
      <EntityLine collection={letter.collection} entityId={letter.entityId} op={letter.op} />
      <p>
        {t('sync.dead.reason')}: <span className="sync-error">{letter.reason}</span>{' '}
        <span className="muted">
          ({letter.code}, {new Date(letter.rejectedAt).toLocaleString(locale)})
        </span>
      </p>
      <label htmlFor={fieldId}>{t('sync.dead.patch')}</label>
      <textarea id={fieldId} rows={Math.min(10, original.split('\n').length + 1)} value={text} onChange={(event) => setText(event.target.value)} aria-invalid={!parsed} />
      {!parsed && <p className="error">{t('sync.dead.badJson')}</p>}
      <div className="sync-actions">
        <button type="button" disabled={!parsed} onClick={() => void resubmit(letter.mutationId, text === original ? undefined : parsed)}>
          {t('sync.dead.resubmit')}
        </button>
        <button type="button" className="danger" onClick={() => (confirming ? void discard(letter.mutationId) : setConfirming(true))}>
          {confirming ? t('sync.dead.confirmDiscard') : t('sync.dead.discard')}
        </button>
      </div>
    </article>
  );
}
