import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { TicketRow } from '../../../src-shared/ipc/tickets.js';
import { TicketSort } from '../../../src-shared/ipc/tickets.js';
import { PRIORITY_LABELS, STATUS_LABELS, TicketStatus } from '../../../src-shared/tickets/workflow.js';
import { Priority } from '../../../src-shared/tickets/form-schema.js';
import { invoke } from '../../platform/workstation.js';
import { useT } from '../../app/i18n/i18n.js';
import { RowSla } from './SlaBadge.js';
import { useTickets, type ListFilters } from './tickets-store.js';
import { fill, useLocalText, useNow } from './ui-helpers.js';

const ROW_HEIGHT = 30;
const PAGE_SIZE = 100;
const OVERSCAN = 10;

/**
 * Mine / team / follow-ups with filters, search and sort. The list is virtualised: only the rows in
 * view are rendered and only their pages are fetched, so 100,000 tickets scroll like 100.
 */
export function TicketList() {
  const t = useT();
  const local = useLocalText();
  const filters = useTickets((state) => state.filters);
  const forms = useTickets((state) => state.forms);
  const listVersion = useTickets((state) => state.listVersion);
  const { setFilters, openTicket } = useTickets.getState();
  const now = useNow(1000);

  const [total, setTotal] = useState(0);
  const [pages, setPages] = useState<Map<number, TicketRow[]>>(new Map());
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(400);
  const [active, setActive] = useState(0);
  const viewport = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const generation = useRef(0);
  const [text, setText] = useState(filters.text ?? '');

  // Search as the agent types, without a query per keystroke.
  useEffect(() => {
    const timer = setTimeout(() => setFilters({ text: text.trim() || undefined }), 200);
    return () => clearTimeout(timer);
  }, [text, setFilters]);

  const fetchPage = useCallback(
    async (page: number, gen: number) => {
      const result = await invoke('tickets.list', { ...filters, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
      if (!result.ok || gen !== generation.current) return;
      setTotal(result.value.total);
      setPages((current) => new Map(current).set(page, result.value.rows));
    },
    [filters],
  );

  // New filters or changed tickets: start over from the pages in view.
  useEffect(() => {
    const gen = ++generation.current;
    setPages(new Map());
    const first = Math.floor(Math.max(0, scrollTop / ROW_HEIGHT - OVERSCAN) / PAGE_SIZE);
    void fetchPage(first, gen);
  }, [fetchPage, listVersion]);

  useEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const firstRow = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const lastRow = Math.min(total - 1, Math.ceil((scrollTop + viewHeight) / ROW_HEIGHT) + OVERSCAN);
  useEffect(() => {
    for (let page = Math.floor(firstRow / PAGE_SIZE); page <= Math.floor(Math.max(lastRow, 0) / PAGE_SIZE); page++) {
      if (!pages.has(page) && total > page * PAGE_SIZE) void fetchPage(page, generation.current);
    }
  }, [firstRow, lastRow, pages, total, fetchPage]);

  const rowAt = (index: number) => pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(total - 1, index));
    setActive(next);
    const element = viewport.current;
    if (!element) return;
    const top = next * ROW_HEIGHT;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + ROW_HEIGHT > element.scrollTop + element.clientHeight) element.scrollTop = top + ROW_HEIGHT - element.clientHeight;
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const pageRows = Math.max(1, Math.floor(viewHeight / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + pageRows, PageUp: active - pageRows, Home: 0, End: total - 1 };
    if (event.key in moves) {
      event.preventDefault();
      moveTo(moves[event.key]!);
    } else if (event.key === 'Enter') {
      const row = rowAt(active);
      if (row) void openTicket(row.id);
    }
  };

  useEffect(() => {
    const onSlash = (event: globalThis.KeyboardEvent) => {
      const target = event.target as HTMLElement;
      // Anywhere else `/` belongs to the handbook search (the agent's most used lookup mid-call);
      // inside the tickets pane it searches tickets.
      const inTicketsPane = target.closest?.('.tickets-pane') !== null;
      if (event.key === '/' && inTicketsPane && !['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) {
        event.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onSlash);
    return () => window.removeEventListener('keydown', onSlash);
  }, []);

  const typeName = (type: string) => {
    const form = forms.find((candidate) => candidate.type === type);
    return form ? local(form.name) : type;
  };
  const select = <K extends keyof ListFilters>(key: K, value: string, wrap: (raw: string) => ListFilters[K]) => setFilters({ [key]: value ? wrap(value) : undefined } as Partial<ListFilters>);

  const rows = [];
  for (let index = firstRow; index <= lastRow; index++) {
    const row = rowAt(index);
    rows.push(
      <div
        key={index}
        id={`ticket-row-${index}`}
        role="option"
        aria-selected={index === active}
        aria-label={row ? `${row.number} ${row.title}` : undefined}
        className={`ticket-row${index === active ? ' active' : ''}${row?.rejectedReason ? ' rejected' : ''}`}
        style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
        onClick={() => {
          setActive(index);
          if (row) void openTicket(row.id);
        }}
      >
        {row ? (
          <>
            <span className="col-number">{row.number}</span>
            <span className="col-type">{typeName(row.type)}</span>
            <span className={`col-status status-${row.status}`}>{local(STATUS_LABELS[row.status])}</span>
            <span className={`col-priority priority-${row.priority}`}>{local(PRIORITY_LABELS[row.priority])}</span>
            <span className="col-title">
              {row.title}
              {row.escalationLevel > 0 && <span className="badge">{`${t('tickets.escalated')}${row.escalationLevel}`}</span>}
              {row.pending && <span className="badge badge-pending">{t('tickets.pending')}</span>}
              {row.rejectedReason && (
                <span className="badge badge-bad" title={row.rejectedReason}>
                  {t('tickets.rejected')}：{row.rejectedReason}
                </span>
              )}
            </span>
            <span className="col-phone">{row.customerPhoneMasked}</span>
            <span className="col-sla">
              <RowSla dueAt={row.slaDueAt} warnAt={row.slaWarnAt} now={now} />
            </span>
          </>
        ) : (
          <span className="muted">…</span>
        )}
      </div>,
    );
  }

  return (
    <div className="ticket-list-view">
      <div className="list-toolbar">
        <div role="group" aria-label={t('tickets.scope')} className="segmented">
          {(['mine', 'team', 'followups'] as const).map((scope) => (
            <button key={scope} type="button" aria-pressed={filters.scope === scope} onClick={() => setFilters({ scope })}>
              {t(`tickets.scope.${scope}`)}
            </button>
          ))}
        </div>
        <input
          ref={searchRef}
          type="search"
          className="list-search"
          aria-label={t('tickets.search')}
          placeholder={t('tickets.searchHint')}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <label className="inline">
          {t('tickets.sort')}
          <select value={filters.sort ?? 'created_desc'} onChange={(event) => setFilters({ sort: TicketSort.parse(event.target.value) })}>
            {TicketSort.options.map((sort) => (
              <option key={sort} value={sort}>
                {t(`tickets.sort.${sort}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="list-toolbar filters">
        <label className="inline">
          {t('tickets.filter.status')}
          <select value={filters.statuses?.[0] ?? ''} onChange={(event) => select('statuses', event.target.value, (raw) => [TicketStatus.parse(raw)])}>
            <option value="">{t('tickets.filter.all')}</option>
            {TicketStatus.options
              .filter((status) => status !== 'draft')
              .map((status) => (
                <option key={status} value={status}>
                  {local(STATUS_LABELS[status])}
                </option>
              ))}
          </select>
        </label>
        <label className="inline">
          {t('tickets.filter.type')}
          <select value={filters.types?.[0] ?? ''} onChange={(event) => select('types', event.target.value, (raw) => [raw])}>
            <option value="">{t('tickets.filter.all')}</option>
            {forms.map((form) => (
              <option key={form.type} value={form.type}>
                {local(form.name)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          {t('tickets.filter.priority')}
          <select value={filters.priorities?.[0] ?? ''} onChange={(event) => select('priorities', event.target.value, (raw) => [Priority.parse(raw)])}>
            <option value="">{t('tickets.filter.all')}</option>
            {Priority.options.map((priority) => (
              <option key={priority} value={priority}>
                {local(PRIORITY_LABELS[priority])}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          {t('tickets.filter.sla')}
          <select value={filters.sla ?? ''} onChange={(event) => select('sla', event.target.value, (raw) => (raw === 'breached' ? 'breached' : 'dueSoon'))}>
            <option value="">{t('tickets.filter.all')}</option>
            <option value="dueSoon">{t('tickets.filter.sla.dueSoon')}</option>
            <option value="breached">{t('tickets.filter.sla.breached')}</option>
          </select>
        </label>
        <label className="inline">
          {t('tickets.filter.code')}
          <input className="code-filter" value={filters.complaintCode ?? ''} placeholder="NQ-MOB" onChange={(event) => setFilters({ complaintCode: event.target.value.trim().toUpperCase() || undefined })} />
        </label>
        <label className="inline">
          <input type="checkbox" checked={filters.rejectedOnly ?? false} onChange={(event) => setFilters({ rejectedOnly: event.target.checked || undefined })} />
          {t('tickets.filter.rejected')}
        </label>
        <span className="spacer" />
        <span className="muted" data-testid="ticket-count">
          {fill(t('tickets.count'), { n: total })}
        </span>
      </div>
      <div
        ref={viewport}
        className="ticket-viewport"
        role="listbox"
        aria-label={t('tickets.list')}
        tabIndex={0}
        aria-activedescendant={total > 0 ? `ticket-row-${active}` : undefined}
        onKeyDown={onKeyDown}
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      >
        <div className="ticket-spacer" style={{ height: total * ROW_HEIGHT }}>
          {rows}
        </div>
        {total === 0 && <p className="muted empty">{t('tickets.empty')}</p>}
      </div>
    </div>
  );
}
