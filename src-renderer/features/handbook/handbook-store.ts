import { create } from 'zustand';
import type { ArticleSummary } from '../../../src-shared/domain/handbook.js';
import type { ArticleView } from '../../../src-shared/ipc/handbook.js';
import { invoke, subscribe } from '../../ipc/workstation.js';

interface HandbookState {
  articles: ArticleSummary[];
  open: ArticleView | null;
  refresh(): Promise<void>;
  start(): () => void;
  openArticle(id: string): Promise<void>;
  close(): void;
}

export const useHandbook = create<HandbookState>((set, get) => ({
  articles: [],
  open: null,
  async refresh() {
    const result = await invoke('handbook.list', {});
    if (result.ok) set({ articles: result.value });
  },
  start() {
    void get().refresh();
    return subscribe('handbook.changed', () => void get().refresh());
  },
  async openArticle(id) {
    const result = await invoke('handbook.get', { id });
    if (result.ok) set({ open: result.value });
  },
  close() {
    set({ open: null });
  },
}));
