import { create } from 'zustand';
import type { ArticleListItem, ArticleView, CategoryCount, PreviousVersionView, SearchHit } from '../../../src-shared/ipc/handbook.js';
import { invoke, subscribe } from '../../platform/workstation.js';

interface HandbookState {
  articles: ArticleListItem[];
  categories: CategoryCount[];
  /** Selected category path ('' = all); filters the list and the search. */
  category: string;
  favourites: ArticleListItem[];
  recent: ArticleListItem[];
  query: string;
  results: SearchHit[];
  /** "Did you mean", when the query found nothing. */
  suggestions: string[];
  /** The query the shown results belong to, and when its keystroke happened (for the paint measure). */
  resultsFor: { query: string; typedAt: number } | null;
  open: ArticleView | null;
  previous: PreviousVersionView | null;
  start(): () => void;
  refresh(): Promise<void>;
  setCategory(category: string): void;
  setQuery(query: string, typedAt?: number): void;
  openArticle(id: string): Promise<void>;
  close(): void;
  toggleFavourite(): Promise<void>;
  showPrevious(show: boolean): Promise<void>;
}

// Search-as-you-type sends one query per keystroke; answers can overtake each other, so only the
// answer to the latest request is shown.
let latestSearch = 0;

export const useHandbook = create<HandbookState>((set, get) => ({
  articles: [],
  categories: [],
  category: '',
  favourites: [],
  recent: [],
  query: '',
  results: [],
  suggestions: [],
  resultsFor: null,
  open: null,
  previous: null,

  start() {
    void get().refresh();
    return subscribe('handbook.changed', ({ ids }) => {
      void get().refresh();
      const { open, query } = get();
      if (query) get().setQuery(query);
      // The open article stays as the agent is reading it; its list entry shows the "updated" badge.
      if (open && ids.includes(open.id)) set({ open: { ...open } });
    });
  },

  async refresh() {
    const category = get().category;
    const [list, categories, reading] = await Promise.all([
      invoke('handbook.list', category ? { category } : {}),
      invoke('handbook.categories', {}),
      invoke('handbook.reading', {}),
    ]);
    if (list.ok) set({ articles: list.value });
    if (categories.ok) set({ categories: categories.value });
    if (reading.ok) set({ favourites: reading.value.favourites, recent: reading.value.recent });
  },

  setCategory(category) {
    set({ category });
    void get().refresh();
    if (get().query) get().setQuery(get().query);
  },

  setQuery(query, typedAt = performance.now()) {
    set({ query });
    const request = ++latestSearch;
    if (!query.trim()) {
      set({ results: [], suggestions: [], resultsFor: null });
      return;
    }
    const category = get().category;
    void invoke('handbook.search', { query, limit: 20, ...(category ? { category } : {}) }).then((result) => {
      if (request !== latestSearch || !result.ok) return;
      set({ results: result.value.results, suggestions: result.value.suggestions, resultsFor: { query, typedAt } });
    });
  },

  async openArticle(id) {
    const result = await invoke('handbook.get', { id });
    if (!result.ok) return;
    set({ open: result.value, previous: null });
    // Opening marks the article read: its badge goes and it moves to the top of "recent".
    void get().refresh();
    if (get().query) get().setQuery(get().query);
  },

  close() {
    set({ open: null, previous: null });
  },

  async toggleFavourite() {
    const open = get().open;
    if (!open) return;
    const result = await invoke('handbook.setFavourite', { id: open.id, favourite: !open.favourite });
    if (!result.ok) return;
    set({ open: { ...open, favourite: result.value.favourite } });
    void get().refresh();
  },

  async showPrevious(show) {
    const open = get().open;
    if (!show || !open) {
      set({ previous: null });
      return;
    }
    const result = await invoke('handbook.previousVersion', { id: open.id });
    if (result.ok) set({ previous: result.value });
  },
}));
