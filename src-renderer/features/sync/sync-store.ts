import { create } from 'zustand';
import type { SyncStatus } from '../../../src-shared/ipc/sync.js';
import { invoke, subscribe } from '../../ipc/workstation.js';

interface SyncState {
  status: SyncStatus | null;
  start(): () => void;
  syncNow(): Promise<void>;
}

export const useSync = create<SyncState>((set) => ({
  status: null,
  start() {
    void invoke('sync.status', {}).then((result) => result.ok && set({ status: result.value }));
    return subscribe('sync.status', (status) => set({ status }));
  },
  async syncNow() {
    const result = await invoke('sync.now', {});
    if (result.ok) set({ status: result.value });
  },
}));
