import { useEffect, useRef } from 'react';
import { scorecardCsv, type Scorecard } from '../../../src-shared/training/scorecard.js';
import { useT } from '../../app/i18n/i18n.js';
import { useTraining } from './training-store.js';
import { useFieldText } from '../../app/cross-feature.js';

/** The end-of-call scorecard, exportable as JSON or CSV for the trainer's records. */
export function ScorecardView() {
  const t = useT();
  const { scorecard, closeScorecard } = useTraining();
  const fieldText = useFieldText(scorecard?.ticket?.expectedType);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  if (!scorecard) return null;
  const card = scorecard;
  const hitCount = card.keyPoints.filter((point) => point.hit).length;
  const ackCount = card.riskPoints.filter((point) => point.acknowledged).length;
  return (
    <div role="dialog" aria-label={t('scorecard.heading')} className="dialog scorecard">
      <h3 ref={heading} tabIndex={-1}>
        {t('scorecard.heading')} · {card.scenarioTitle}
      </h3>
      <p className="scorecard-total">
        {t('scorecard.total')} <strong data-testid="scorecard-total">{card.points.total}</strong> / 100 ·{' '}
        <span className={card.passed ? 'ok-text' : 'error'}>{card.passed ? t('scorecard.passed') : t('scorecard.failed')}</span>
      </p>
      {card.wrongScript && (
        <p className="error">
          {t('scorecard.wrongScript')}：{card.wrongScript}
        </p>
      )}
      <table>
        <tbody>
          <tr>
            <th scope="row">{t('scorecard.keyPoints')}</th>
            <td data-testid="scorecard-keypoints">
              {hitCount}/{card.keyPoints.length}
            </td>
            <td>{card.points.keyPoints}</td>
          </tr>
          <tr>
            <th scope="row">{t('scorecard.riskPoints')}</th>
            <td data-testid="scorecard-risks">
              {ackCount}/{card.riskPoints.length}
            </td>
            <td>{card.points.riskPoints}</td>
          </tr>
          <tr>
            <th scope="row">{t('scorecard.ticket')}</th>
            <td data-testid="scorecard-ticket">{card.ticket ? (card.ticket.actualType ? `${card.ticket.correct}/${card.ticket.total}` : t('scorecard.noTicket')) : '—'}</td>
            <td>{card.points.ticket}</td>
          </tr>
          <tr>
            <th scope="row">{t('scorecard.handleTime')}</th>
            <td>
              {card.handleSeconds}s（{t('scorecard.target')} {card.targetHandleSeconds}s）
            </td>
            <td>{card.points.handleTime}</td>
          </tr>
        </tbody>
      </table>
      <ul className="scorecard-items">
        {card.keyPoints.map((point) => (
          <li key={point.id} className={point.hit ? 'ok-text' : 'error'}>
            {point.hit ? '✓' : '✗'} {point.label}
          </li>
        ))}
        {card.riskPoints.map((point, index) => (
          <li key={`risk-${index}`} className={point.acknowledged ? 'ok-text' : 'error'}>
            {point.acknowledged ? '✓' : '✗'} {t('scripts.marker.risk')}：{point.text}
          </li>
        ))}
        {card.ticket?.fields.map((field) => (
          <li key={field.field} className={field.correct ? 'ok-text' : 'error'}>
            {field.correct ? '✓' : '✗'} {fieldText.label(field.field)}：{fieldText.value(field.field, field.actual)}
            {!field.correct && ` → ${fieldText.value(field.field, field.expected)}`}
          </li>
        ))}
      </ul>
      <div className="step-actions">
        <button type="button" onClick={() => download(card, 'json')}>
          {t('scorecard.exportJson')}
        </button>
        <button type="button" onClick={() => download(card, 'csv')}>
          {t('scorecard.exportCsv')}
        </button>
        <button type="button" onClick={closeScorecard}>
          {t('scorecard.close')}
        </button>
      </div>
    </div>
  );
}

function download(card: Scorecard, kind: 'json' | 'csv'): void {
  // CSV gets a BOM so spreadsheet programs read the Chinese text as UTF-8.
  const body = kind === 'json' ? JSON.stringify(card, null, 2) : `\uFEFF${scorecardCsv(card)}`;
  const url = URL.createObjectURL(new Blob([body], { type: kind === 'json' ? 'application/json' : 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `scorecard-${card.scenarioId}-${card.trainee}-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '')}.${kind}`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
