import { create } from 'zustand';
import type { ConflictView, DeadLetterView, SyncStatus } from '../../../src-shared/ipc/sync.js';
import type { AppError } from '../../../src-shared/result.js';
import { log } from '../../platform/log.js';
import { invoke, subscribe } from '../../platform/workstation.js';

interface SyncState {
  status: SyncStatus | null;
  issuesOpen: boolean;
  deadLetters: DeadLetterView[];
  conflicts: ConflictView[];
  error: AppError | null;
  start(): () => void;
  syncNow(): Promise<void>;
  openIssues(): Promise<void>;
  closeIssues(): void;
  resolve(mutationId: string, choices: Record<string, 'mine' | 'theirs'>): Promise<void>;
  resubmit(mutationId: string, patch?: Record<string, unknown>): Promise<void>;
  discard(mutationId: string): Promise<void>;
}

export const useSync = create<SyncState>((set, get) => {
  const loadIssues = async () => {
    const [letters, conflicts] = await Promise.all([invoke('sync.deadLetters', {}), invoke('sync.conflicts', {})]);
    if (!letters.ok) log('warn', 'sync', 'dead letters could not be loaded', letters.error);
    if (!conflicts.ok) log('warn', 'sync', 'conflicts could not be loaded', conflicts.error);
    set({ deadLetters: letters.ok ? letters.value : [], conflicts: conflicts.ok ? conflicts.value : [] });
  };
  const afterAction = async (result: { ok: true; value: SyncStatus } | { ok: false; error: AppError }) => {
    if (result.ok) set({ status: result.value, error: null });
    else set({ error: result.error });
    await loadIssues();
  };
  return {
    status: null,
    issuesOpen: false,
    deadLetters: [],
    conflicts: [],
    error: null,
    start() {
      void invoke('sync.status', {}).then((result) => (result.ok ? set({ status: result.value }) : log('warn', 'sync', 'status could not be read', result.error)));
      const onOnline = () => void invoke('sync.online', {}).then((result) => result.ok || log('warn', 'sync', 'the online signal was refused', result.error));
      window.addEventListener('online', onOnline);
      const unsubscribe = subscribe('sync.status', (status) => {
        const before = get().status;
        set({ status });
        // Keep the open panel current when the engine finds new problems.
        if (get().issuesOpen && (before?.deadLetters !== status.deadLetters || before?.conflicts !== status.conflicts)) void loadIssues();
      });
      return () => {
        window.removeEventListener('online', onOnline);
        unsubscribe();
      };
    },
    async syncNow() {
      const result = await invoke('sync.now', {});
      if (result.ok) set({ status: result.value });
      else log('warn', 'sync', 'sync now failed', result.error);
    },
    async openIssues() {
      set({ issuesOpen: true, error: null });
      await loadIssues();
    },
    closeIssues() {
      set({ issuesOpen: false });
    },
    async resolve(mutationId, choices) {
      await afterAction(await invoke('sync.resolve', { mutationId, choices }));
    },
    async resubmit(mutationId, patch) {
      await afterAction(await invoke('sync.resubmit', patch ? { mutationId, patch } : { mutationId }));
    },
    async discard(mutationId) {
      await afterAction(await invoke('sync.discard', { mutationId }));
    },
  };
});
