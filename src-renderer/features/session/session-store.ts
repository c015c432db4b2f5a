import { create } from 'zustand';
import type { SessionInfo } from '../../../src-shared/ipc/session.js';
import type { AppError } from '../../../src-shared/result.js';
import { invoke, subscribe } from '../../platform/workstation.js';

interface SessionState {
  session: SessionInfo | null;
  loaded: boolean;
  error: AppError | null;
  busy: boolean;
  load(): Promise<void>;
  login(agentId: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

export const useSession = create<SessionState>((set) => ({
  session: null,
  loaded: false,
  error: null,
  busy: false,
  async load() {
    const result = await invoke('session.current', {});
    set({ session: result.ok ? result.value : null, loaded: true });
    subscribe('session.changed', (session) => set({ session }));
  },
  async login(agentId, password) {
    set({ busy: true, error: null });
    const result = await invoke('session.login', { agentId, password });
    set(result.ok ? { session: result.value, busy: false } : { error: result.error, busy: false });
  },
  async logout() {
    await invoke('session.logout', {});
    set({ session: null });
  },
}));
