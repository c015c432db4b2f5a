import type { WorkstationApi } from '../../src-shared/ipc/contract.js';

export const INVOKE_CHANNEL = 'workstation:invoke';
export const EVENT_CHANNEL = 'workstation:event';

/** The slice of ipcRenderer the preload uses; taking it as a parameter keeps this testable without Electron. */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
}

/**
 * Builds `window.workstation` for the preload: only channels and events of the contract pass;
 * anything else is refused before it reaches main. The page never sees ipcRenderer itself.
 */
export function createPreloadApi(ipc: RendererIpc, channelNames: readonly string[], eventNames: readonly string[]): WorkstationApi {
  const channels = new Set(channelNames);
  const events = new Set(eventNames);
  const api = {
    invoke(channel: string, request: unknown): Promise<unknown> {
      if (!channels.has(channel)) {
        return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `Unknown IPC channel: ${String(channel)}` } });
      }
      return ipc.invoke(INVOKE_CHANNEL, channel, request);
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      if (!events.has(event)) throw new Error(`Unknown event: ${String(event)}`);
      const wrapped = (_event: unknown, name: unknown, payload: unknown) => {
        if (name === event) listener(payload);
      };
      ipc.on(EVENT_CHANNEL, wrapped as (event: unknown, ...args: unknown[]) => void);
      return () => ipc.removeListener(EVENT_CHANNEL, wrapped as (event: unknown, ...args: unknown[]) => void);
    },
  };
  return api as WorkstationApi;
}
