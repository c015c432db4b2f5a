import { useEffect, useMemo, useRef, useState } from 'react';
import { chineseDate, fillPlaceholders, type PhraseContext } from '../../../src-shared/scripts/placeholders.js';
import { maskPhone } from '../../../src-shared/privacy/mask.js';
import { currentStep, hasRisk, isBlockedByRisk } from '../../../src-shared/scripts/script-run.js';
import type { ScriptStep } from '../../../src-shared/scripts/script-schema.js';
import { useT } from '../../app/i18n/i18n.js';
import { searchScripts } from './search.js';
import { log } from '../../platform/log.js';
import { useScriptRun } from './script-store.js';
import { useTicketLink, type TicketPrefill } from '../../app/call-context.js';
import { useHandbook, useSession } from '../../app/cross-feature.js';

const BRANCH_KEYS = ['a', 'b', 'c', 'd', 'e', 'f'];

/** The script that follows the call: greeting on answer, scenario picker, steps driven from the keyboard. */
export function ScriptPanel() {
  const t = useT();
  const { call, run, suggestedId, customerName, notice, hangupPrompt, lastSaved, saveError } = useScriptRun();
  const agentId = useSession((state) => state.session?.agent.id ?? '');
  const [picking, setPicking] = useState(false);
  const context: PhraseContext = useMemo(
    () => ({ agentId, customerName, number: call ? maskPhone(call.remoteNumber) : undefined, today: chineseDate(new Date()) }),
    [agentId, customerName, call],
  );

  useScriptKeys(picking);

  if (!call || (call.state === 'ended' && !run && !hangupPrompt)) {
    return (
      <div className="script-panel">
        {lastSaved ? <p role="status" className="ok-text">{t('scripts.saved')}</p> : <p className="muted">{t('scripts.idle')}</p>}
        {saveError && <p role="alert" className="error">{t('scripts.saveFailed')}: {saveError.message}</p>}
      </div>
    );
  }
  if (call.state === 'ringing') return <p className="muted script-panel">{t('scripts.ringing')}</p>;

  return (
    <div className="script-panel">
      {!run || picking ? (
        <>
          <p className="phrase greeting">{fillPlaceholders(t('scripts.greeting'), context)}</p>
          <ScenarioPicker onPicked={() => setPicking(false)} />
        </>
      ) : (
        <RunView context={context} suggested={suggestedId === run.script.id} onChange={() => setPicking(true)} />
      )}
      {notice && notice !== 'copied' && notice !== 'end-of-script' && <p role="alert" className="notice">{t(`scripts.notice.${notice}`)}</p>}
      {(notice === 'copied' || notice === 'end-of-script') && <p role="status" className="muted">{t(`scripts.notice.${notice}`)}</p>}
      {hangupPrompt && <HangupPrompt open={hangupPrompt.open} />}
      {saveError && <p role="alert" className="error">{t('scripts.saveFailed')}: {saveError.message}</p>}
    </div>
  );
}

function ScenarioPicker({ onPicked }: { onPicked(): void }) {
  const t = useT();
  const { summaries, pick } = useScriptRun();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const found = useMemo(() => searchScripts(summaries, query).slice(0, 12), [summaries, query]);
  useEffect(() => {
    input.current?.focus();
  }, []);
  const choose = (id: string) => void pick(id).then(onPicked);
  return (
    <div className="scenario-picker">
      <input
        ref={input}
        type="search"
        aria-label={t('scripts.searchLabel')}
        placeholder={t('scripts.search')}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') setActive((index) => Math.min(index + 1, found.length - 1));
          else if (event.key === 'ArrowUp') setActive((index) => Math.max(index - 1, 0));
          else if (event.key === 'Enter' && found[active]) choose(found[active].id);
          else return;
          event.preventDefault();
        }}
      />
      <ul className="scenario-list" aria-label={t('scripts.results')}>
        {found.map((script, index) => (
          <li key={script.id}>
            <button type="button" className={index === active ? 'active' : undefined} onClick={() => choose(script.id)}>
              <span>{script.title}</span> <span className="muted">{script.scenario}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function RunView({ context, suggested, onChange }: { context: PhraseContext; suggested: boolean; onChange(): void }) {
  const t = useT();
  const store = useScriptRun();
  const run = store.run!;
  const step = currentStep(run);
  const blocked = isBlockedByRisk(run);
  const openArticle = useHandbook((state) => state.openArticle);
  const articles = useHandbook((state) => state.articles);
  const articleTitle = (id: string) => articles.find((article) => article.id === id)?.title ?? id;
  const ticket = run.script.ticket;

  return (
    <div className="run">
      <div className="run-head">
        <strong>{run.script.title}</strong>
        <span className="muted">{run.script.scenario} · v{run.script.version}</span>
        {suggested && <span className="badge">{t('scripts.suggested')}</span>}
        {run.script.handbookArticles.map((articleId) => (
          <button key={articleId} type="button" className="link-button" title={t('scripts.handbook')} onClick={() => void openArticle(articleId)}>
            {articleTitle(articleId)} ↗
          </button>
        ))}
        <span className="spacer" />
        {ticket && (
          <button type="button" onClick={openLinkedTicket}>
            {t('scripts.openTicket')} (T)
          </button>
        )}
        <button type="button" className="link-button" onClick={onChange}>
          {t('scripts.change')}
        </button>
      </div>
      <div className="run-body">
        <ol className="step-list" aria-label={t('scripts.steps')}>
          {run.script.steps.map((candidate) => (
            <li key={candidate.id} className={stepClass(candidate, run.currentStepId, run.done)}>
              <button type="button" aria-current={candidate.id === run.currentStepId ? 'step' : undefined} onClick={() => store.jumpTo(candidate.id)}>
                <span aria-hidden="true">{run.done[candidate.id] ? '✓' : candidate.id === run.currentStepId ? '▸' : '·'}</span> {candidate.title}
                {hasRisk(candidate) && <span className="marker-dot risk" title={t('scripts.marker.risk')} aria-hidden="true" />}
                {!candidate.required && <span className="muted"> ({t('scripts.optional')})</span>}
              </button>
            </li>
          ))}
        </ol>
        <section className="step-card" aria-label={step.title}>
          <h3>
            {step.title} <span className="muted">{step.required ? t('scripts.required') : t('scripts.optional')}</span>
          </h3>
          {step.markers.length > 0 && (
            <ul className="markers">
              {step.markers.map((marker, index) => (
                <li key={index} className={`marker ${marker.kind}`}>
                  <strong>{t(`scripts.marker.${marker.kind}`)}</strong> {marker.text}
                </li>
              ))}
            </ul>
          )}
          {hasRisk(step) &&
            (run.riskAcks[step.id] ? (
              <p className="ok-text">✓ {t('scripts.riskAcked')}</p>
            ) : (
              <button type="button" className="risk-ack" onClick={store.acknowledgeRisk}>
                {t('scripts.ackRisk')} (R)
              </button>
            ))}
          {step.hint && (
            <p className="hint">
              {t('scripts.hint')}：{step.hint}
            </p>
          )}
          <ol className="phrases" aria-label={t('scripts.phrases')}>
            {step.phrases.map((phrase, index) => {
              const said = run.said.some((entry) => entry.stepId === step.id && entry.phrase === index);
              const text = fillPlaceholders(phrase, context);
              return (
                <li key={index} className={said ? 'phrase said' : 'phrase'}>
                  <kbd>{index + 1}</kbd> <span>{text}</span>
                  <span className="phrase-actions">
                    {said ? (
                      <span className="ok-text">{t('scripts.said')}</span>
                    ) : (
                      <button type="button" className="link-button" aria-label={`${t('scripts.markSaid')} ${index + 1}`} onClick={() => store.markSaid(index)}>
                        {t('scripts.markSaid')}
                      </button>
                    )}
                    <button type="button" className="link-button" aria-label={`${t('scripts.copy')} ${index + 1}`} onClick={() => void copy(text).then(() => store.copied(index))}>
                      {t('scripts.copy')}
                    </button>
                  </span>
                </li>
              );
            })}
          </ol>
          {step.handbookArticle && (
            <button type="button" className="link-button" onClick={() => void openArticle(step.handbookArticle!)}>
              {t('scripts.handbook')}：{articleTitle(step.handbookArticle)} ↗
            </button>
          )}
          <div className="step-actions">
            {step.branches.length > 0 ? (
              <div role="group" aria-label={t('scripts.chooseBranch')}>
                {step.branches.map((branch, index) => (
                  <button key={branch.id} type="button" disabled={blocked} onClick={() => store.choose(branch.id)}>
                    <kbd>{BRANCH_KEYS[index]!.toUpperCase()}</kbd> {branch.label}
                  </button>
                ))}
              </div>
            ) : (
              <button type="button" className="primary" aria-disabled={blocked} onClick={store.advance}>
                {t('scripts.next')} (Enter)
              </button>
            )}
          </div>
        </section>
      </div>
      <p className="hint">{t('scripts.keys')}</p>
    </div>
  );
}

function HangupPrompt({ open }: { open: { id: string; title: string }[] }) {
  const t = useT();
  const resolve = useScriptRun((state) => state.resolveHangup);
  const [reason, setReason] = useState('');
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    field.current?.focus();
  }, []);
  return (
    <div role="dialog" aria-label={t('scripts.hangup.title')} className="dialog">
      <h3>{t('scripts.hangup.title')}</h3>
      <ul>
        {open.map((step) => (
          <li key={step.id}>{step.title}</li>
        ))}
      </ul>
      <label>
        {t('scripts.hangup.reason')}
        <textarea ref={field} rows={2} value={reason} maxLength={300} onChange={(event) => setReason(event.target.value)} />
      </label>
      <div className="step-actions">
        <button type="button" className="primary" disabled={!reason.trim()} onClick={() => void resolve(reason)}>
          {t('scripts.hangup.save')}
        </button>
        <button type="button" onClick={() => void resolve(null)}>
          {t('scripts.hangup.skip')}
        </button>
      </div>
    </div>
  );
}

/** Keyboard-first: the keys work anywhere in the workspace except while typing in a field. */
function useScriptKeys(picking: boolean) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const store = useScriptRun.getState();
      const target = event.target as HTMLElement | null;
      if (target && (target.closest('input, textarea, select, [role="dialog"]') || target.isContentEditable)) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === '/') {
        document.querySelector<HTMLInputElement>('.scenario-picker input')?.focus();
        event.preventDefault();
        return;
      }
      const run = store.run;
      if (!run || picking || store.hangupPrompt) return;
      const step = currentStep(run);
      const digit = /^Digit([1-9])$/.exec(event.code);
      if (digit) {
        const index = Number(digit[1]) - 1;
        if (index >= step.phrases.length) return;
        if (event.shiftKey) void copy(fillPlaceholders(step.phrases[index]!, phraseContext())).then(() => store.copied(index));
        else store.markSaid(index);
      } else if (event.key === 'Enter' && !(target instanceof HTMLButtonElement)) {
        store.advance();
      } else if (event.key === 'r' || event.key === 'R') {
        store.acknowledgeRisk();
      } else if (event.key === 't' || event.key === 'T') {
        if (!openLinkedTicket()) return;
      } else {
        const branchIndex = BRANCH_KEYS.indexOf(event.key.toLowerCase());
        const branch = branchIndex >= 0 ? step.branches[branchIndex] : undefined;
        if (!branch) return;
        store.choose(branch.id);
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [picking]);
}

function phraseContext(): PhraseContext {
  const { call, customerName } = useScriptRun.getState();
  return {
    agentId: useSession.getState().session?.agent.id ?? '',
    customerName,
    number: call ? maskPhone(call.remoteNumber) : undefined,
    today: chineseDate(new Date()),
  };
}

/**
 * Opens the ticket form the current script links to, pre-filled and tied to the call. Ticket fields
 * get the real number (the ticket form masks it on display); phrases get the masked one.
 */
function openLinkedTicket(): boolean {
  const { run, call } = useScriptRun.getState();
  const ticket = run?.script.ticket;
  if (!ticket) return false;
  const context = { ...phraseContext(), number: call?.remoteNumber };
  const fields = Object.fromEntries(Object.entries(ticket.fields).map(([key, value]) => [key, typeof value === 'string' ? fillPlaceholders(value, context) : value]));
  const prefill: TicketPrefill = {
    type: ticket.type,
    fields,
    call: call ? { callId: call.id, number: call.remoteNumber, startedAt: new Date(call.answeredAt ?? call.ringingAt).toISOString() } : null,
  };
  return useTicketLink.getState().open(prefill);
}

async function copy(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch (error) {
    // Clipboard can be refused (no focus, policy); the phrase still counts as used.
    log('info', 'scripts', 'the clipboard refused a phrase', error);
  }
}

function stepClass(step: ScriptStep, currentId: string, done: Record<string, string>): string {
  if (step.id === currentId) return 'step current';
  return done[step.id] ? 'step done' : 'step';
}
