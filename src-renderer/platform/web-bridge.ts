import type { EventName, WorkstationApi } from '../../src-shared/ipc/contract.js';
import { MAX_IPC_FRAME_BYTES, tooLargeFrame } from '../../src-shared/ipc/frame-limit.js';
import type { Result } from '../../src-shared/result.js';

const KEY_STORAGE = 'hotline.web.key';

/**
 * Browser mode's `window.workstation`: the IPC contract over the web host's WebSocket. The launch
 * secret arrives in the URL fragment; it is kept for this tab only (sessionStorage) so a reload works.
 */
export function createWebBridge(): WorkstationApi {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('key');
  if (fromHash) {
    sessionStorage.setItem(KEY_STORAGE, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const key = sessionStorage.getItem(KEY_STORAGE) ?? '';
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: Promise<WebSocket> | undefined;

  const connect = (): Promise<WebSocket> => {
    socket ??= new Promise((resolve, reject) => {
      const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/ipc?key=${encodeURIComponent(key)}`);
      ws.onopen = () => resolve(ws);
      ws.onerror = () => reject(new Error('IPC socket failed'));
      ws.onclose = () => {
        socket = undefined;
        for (const [id, settle] of pending) {
          pending.delete(id);
          settle({ ok: false, error: { code: 'INTERNAL', message: 'Workstation host disconnected' } });
        }
      };
      ws.onmessage = (message) => {
        const frame = JSON.parse(String(message.data)) as { id?: number; result?: Result<unknown>; event?: string; payload?: unknown };
        if (frame.event) listeners.get(frame.event)?.forEach((listener) => listener(frame.payload));
        else if (frame.id !== undefined && frame.result) {
          pending.get(frame.id)?.(frame.result);
          pending.delete(frame.id);
        }
      };
    });
    return socket;
  };

  return {
    async invoke(channel, request) {
      let ws: WebSocket;
      try {
        ws = await connect();
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: 'Cannot reach the workstation host' } };
      }
      const id = nextId++;
      const frame = JSON.stringify({ id, channel, payload: request });
      // Measured in UTF-8 bytes, as the host counts them; refused here before anything is sent.
      const bytes = new TextEncoder().encode(frame).length;
      if (bytes > MAX_IPC_FRAME_BYTES) return tooLargeFrame(bytes) as Result<never>;
      return new Promise((resolve) => {
        pending.set(id, resolve as (result: Result<unknown>) => void);
        ws.send(frame);
      });
    },
    on(event: EventName, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      void connect().catch(() => undefined);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
}
