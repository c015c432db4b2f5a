import { create } from 'zustand';
import type { SessionInfo } from '../../../src-shared/ipc/session.js';
import type { AppError } from '../../../src-shared/result.js';
import { reloadForSipServer } from '../../platform/page-csp.js';
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

let signingIn = false;

export const useSession = create<SessionState>((set) => ({
  session: null,
  loaded: false,
  error: null,
  busy: false,
  async load() {
    const result = await invoke('session.current', {});
    set({ session: result.ok ? result.value : null, loaded: true });
    // While a sign-in is in flight its own result sets the session (it may reload the page first).
    subscribe('session.changed', (session) => signingIn || set({ session }));
    // Unsynced work is safe in the profile; the sign-in screen says why it is back.
    subscribe('session.revoked', () => set({ session: null, error: { code: 'UNAUTHENTICATED', message: 'session revoked by the central API' } }));
  },
  async login(agentId, password) {
    set({ busy: true, error: null });
    signingIn = true;
    const result = await invoke('session.login', { agentId, password });
    if (result.ok) {
      // The centre's SIP server may be new to this machine: reload now, before the workspace shows.
      const sip = await invoke('softphone.account', { refresh: true });
      if (sip.ok && sip.value.account && reloadForSipServer(sip.value.account.wsUrl)) return;
    }
    signingIn = false;
    set(result.ok ? { session: result.value, busy: false } : { error: result.error, busy: false });
  },
  async logout() {
    await invoke('session.logout', {});
    set({ session: null });
  },
}));
