import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { useT } from '../../app/i18n/i18n.js';
import { ArticleList, ResultList } from './ArticleList.js';
import { ArticleReader } from './ArticleReader.js';
import { CategoryTree } from './CategoryTree.js';
import { useHandbook } from './handbook-store.js';
import { isTyping, moveFocus } from './keyboard-navigation.js';
import './handbook.css';

/** Name of the User Timing measure from a keystroke in the search box to its results painted. */
export const KEYSTROKE_TO_PAINT = 'handbook:keystroke-to-paint';

export function HandbookPane() {
  const t = useT();
  const state = useHandbook();
  const { start, query, results, resultsFor, open } = state;
  const pane = useRef<HTMLElement>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  useEffect(() => start(), [start]);

  // Ctrl+K anywhere, or / when not typing in a field, focuses the search box (mid-call, hands on keys).
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const shortcut = ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') || (event.key === '/' && !isTyping(event.target));
      if (!shortcut) return;
      event.preventDefault();
      searchBox.current?.focus();
      searchBox.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Keystroke → results painted: measured after the frame that shows them (rAF, then a task).
  useLayoutEffect(() => {
    if (!resultsFor) return;
    requestAnimationFrame(() =>
      setTimeout(() => performance.measure(KEYSTROKE_TO_PAINT, { start: resultsFor.typedAt, end: performance.now(), detail: { query: resultsFor.query } })),
    );
  }, [resultsFor]);

  const backToSearch = () => {
    state.close();
    requestAnimationFrame(() => searchBox.current?.focus());
  };

  const onPaneKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (open || (event.target as HTMLElement).closest('.category-tree')) return;
      event.preventDefault();
      moveFocus(pane.current, event.key === 'ArrowDown' ? 1 : -1, searchBox.current);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      if (open) backToSearch();
      else if (document.activeElement === searchBox.current && query) state.setQuery('');
      else searchBox.current?.focus();
    }
  };

  const searching = query.trim() !== '';
  return (
    <section className="pane handbook" aria-labelledby="handbook-heading" ref={pane} onKeyDown={onPaneKeyDown}>
      <h2 id="handbook-heading" className="pane-title">
        {t('handbook.heading')}
      </h2>
      <div className="handbook-search">
        <input
          ref={searchBox}
          type="search"
          aria-label={t('handbook.search')}
          placeholder={t('handbook.searchPlaceholder')}
          aria-keyshortcuts="Control+K /"
          maxLength={2000}
          value={query}
          onChange={(event) => {
            const typedAt = event.timeStamp || performance.now();
            if (open) state.close();
            state.setQuery(event.target.value, typedAt);
          }}
        />
      </div>
      {open && (
        <ArticleReader
          article={open}
          previous={state.previous}
          onBack={backToSearch}
          onToggleFavourite={() => void state.toggleFavourite()}
          onShowPrevious={(show) => void state.showPrevious(show)}
        />
      )}
      {searching && !open && (
        <>
          <p className="muted result-count" aria-live="polite">
            {resultsFor?.query === query && results.length === 0 ? t('handbook.noResults') : `${results.length} ${t('handbook.resultCount')} · ${t('handbook.keyboardHint')}`}
          </p>
          {resultsFor?.query === query && state.suggestions.length > 0 && (
            <p className="suggestions" aria-label={t('handbook.suggestions')}>
              {t('handbook.suggestions')}
              {state.suggestions.map((suggestion) => (
                <button key={suggestion} type="button" className="link-button" onClick={() => state.setQuery(suggestion)}>
                  {suggestion}
                </button>
              ))}
            </p>
          )}
          <ResultList label={t('handbook.results')} hits={results} onOpen={(id) => void state.openArticle(id)} />
        </>
      )}
      {/* The browsing view (up to 300 entries) stays mounted while searching or reading, only hidden:
          the first keystroke then costs no teardown of its DOM, and clearing the search no rebuild. */}
      <div hidden={searching || !!open}>
        <CategoryTree categories={state.categories} selected={state.category} onSelect={state.setCategory} />
        {state.favourites.length > 0 && (
          <>
            <h3 className="section-title">{t('handbook.favourites')}</h3>
            <ArticleList compact label={t('handbook.favourites')} items={state.favourites} onOpen={(id) => void state.openArticle(id)} />
          </>
        )}
        {state.recent.length > 0 && (
          <>
            <h3 className="section-title">{t('handbook.recent')}</h3>
            <ArticleList compact label={t('handbook.recent')} items={state.recent.slice(0, 5)} onOpen={(id) => void state.openArticle(id)} />
          </>
        )}
        <h3 className="section-title">{t('handbook.list')}</h3>
        {state.articles.length === 0 ? (
          <p className="muted">{t('handbook.empty')}</p>
        ) : (
          <ArticleList label={t('handbook.list')} items={state.articles} onOpen={(id) => void state.openArticle(id)} />
        )}
      </div>
    </section>
  );
}
