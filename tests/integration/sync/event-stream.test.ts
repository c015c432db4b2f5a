import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApiServer, type RunningApiServer } from '../../../src-server/start.js';
import { ApiClient } from '../../../src-main/services/api/api-client.js';
import { EventStream } from '../../../src-main/services/sync/event-stream.js';

// Training stops sync and leaving it starts it again, possibly before the aborted stream has
// noticed: the engine must end with exactly one open event stream, never a leaked second one
// (which also kept the embedded API from closing). Real API, real client; the wrapper only counts.

let dir: string;
let server: RunningApiServer;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-event-stream-'));
  server = await startApiServer({ db: path.join(dir, 'central.db') });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('stop then start at once leaves exactly one stream open, and stop closes it', async () => {
  const api = new ApiClient({ baseUrl: server.url, timeoutMs: 5_000 });
  await api.login('1001', 'hotline1001');
  let open = 0;
  let opened = 0;
  let closed = 0;
  const counted = Object.create(api) as ApiClient;
  counted.openEvents = async (signal: AbortSignal) => {
    const response = await api.openEvents(signal);
    open++;
    signal.addEventListener('abort', () => open--, { once: true });
    return response;
  };
  const hello = () => new Promise<void>((resolve) => (onOpen = resolve));
  let onOpen = () => {};
  const stream = new EventStream({ api: counted, onOpen: () => (opened++, onOpen()), onPoke: () => {}, onClose: () => closed++, baseDelayMs: 5, maxDelayMs: 10 });

  let first = hello();
  stream.start();
  await first;
  for (let round = 0; round < 5; round++) {
    stream.stop();
    first = hello();
    stream.start();
    await first;
  }
  // Give a leaked loop every chance to reconnect (its retry is 5–10 ms).
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(open).toBe(1);
  expect(opened).toBe(6);
  stream.stop();
  await expect.poll(() => open).toBe(0);
  await expect.poll(() => closed, { timeout: 15_000 }).toBe(6); // one per stop
  const closing = Date.now();
  await server.close();
  expect(Date.now() - closing).toBeLessThan(5_000);
});
