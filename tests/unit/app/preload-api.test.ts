import { describe, expect, it } from 'vitest';
import { channelNames, eventNames } from '../../../src-shared/ipc/contract.js';
import { createPreloadApi, EVENT_CHANNEL, INVOKE_CHANNEL, type RendererIpc } from '../../../src-main/app/preload-api.js';

function recordingIpc() {
  const invoked: unknown[][] = [];
  const listeners: ((event: unknown, ...args: unknown[]) => void)[] = [];
  const ipc: RendererIpc = {
    invoke: async (...args) => {
      invoked.push(args);
      return { ok: true, value: {} };
    },
    on: (_channel, listener) => listeners.push(listener),
    removeListener: (_channel, listener) => listeners.splice(listeners.indexOf(listener), 1),
  };
  return { ipc, invoked, listeners };
}

describe('preload bridge', () => {
  it('forwards contract channels to main', async () => {
    const { ipc, invoked } = recordingIpc();
    const api = createPreloadApi(ipc, channelNames, eventNames);
    await api.invoke('app.info', {});
    expect(invoked).toEqual([[INVOKE_CHANNEL, 'app.info', {}]]);
  });

  it('refuses channels outside the contract without calling main', async () => {
    const { ipc, invoked } = recordingIpc();
    const api = createPreloadApi(ipc, channelNames, eventNames);
    const result = await api.invoke('fs.readFile' as never, { path: '/etc/passwd' } as never);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(invoked).toEqual([]);
  });

  it('delivers only the subscribed event and stops after unsubscribe', () => {
    const { ipc, listeners } = recordingIpc();
    const api = createPreloadApi(ipc, channelNames, eventNames);
    const seen: unknown[] = [];
    const unsubscribe = api.on('sync.status', (status) => seen.push(status));
    listeners.forEach((listener) => listener({}, 'session.changed', null));
    listeners.forEach((listener) => listener({}, 'sync.status', { online: true }));
    unsubscribe();
    listeners.forEach((listener) => listener({}, 'sync.status', { online: false }));
    expect(seen).toEqual([{ online: true }]);
    expect(EVENT_CHANNEL).toBe('workstation:event');
  });
});
