import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../support/processes.js';

// The renderer's app.log lines through the real browser-mode host process into its pino output
// (stdout, JSON lines): what arrives there is read back and compared with what the sockets sent.

let dir: string;
let host: WebHost;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-renderer-log-'));
  host = await startWebHost({ profileDir: path.join(dir, 'profile'), env: { LOG_LEVEL: 'info', HOTLINE_SERVER_URL: '' } });
}, 90_000);
afterAll(async () => {
  await host?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** One page's IPC socket (the launch secret from the printed URL, the host's own origin). */
async function openPage(): Promise<{ call(channel: string, payload: unknown): Promise<{ ok: boolean; value?: { accepted: boolean }; error?: { code: string } }>; close(): void }> {
  const url = new URL(host.url);
  const secret = url.hash.replace('#key=', '');
  const socket = new WebSocket(`ws://${url.host}/ipc?key=${encodeURIComponent(secret)}`, { origin: url.origin });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const pending = new Map<number, (result: never) => void>();
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { id?: number; result?: never };
    if (frame.id !== undefined) pending.get(frame.id)?.(frame.result!);
  });
  let nextId = 1;
  return {
    call: (channel, payload) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, channel, payload }));
      }),
    close: () => socket.close(),
  };
}

/** The host's log lines from renderers, parsed. */
const rendererLines = () =>
  host
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes('"source":"renderer"'))
    .map((line) => JSON.parse(line) as { level: number; window: string; scope?: string; msg: string; dropped?: number; detail?: string });

describe('app.log: the renderer writes into main’s log, a limited rate per window', () => {
  it('a page floods 60 lines: the first burst is logged, the rest counted in one "N dropped" line; another page is not silenced', async () => {
    const flooding = await openPage();
    const calm = await openPage();
    try {
      const replies = await Promise.all(Array.from({ length: 60 }, (_, n) => flooding.call('app.log', { level: 'error', scope: 'sync', message: `flood ${n}` })));
      const accepted = replies.filter((reply) => reply.ok && reply.value!.accepted).length;
      expect(replies.every((reply) => reply.ok)).toBe(true);
      // The burst (20) and what refilled while the 60 frames were on their way (2/s), never all.
      expect(accepted).toBeGreaterThanOrEqual(20);
      expect(accepted).toBeLessThan(60);

      expect((await calm.call('app.log', { level: 'warn', scope: 'training.audio', message: 'clip refused by 13812345678' })).value).toEqual({ accepted: true });
      await expect.poll(() => rendererLines().filter((line) => line.dropped !== undefined), { timeout: 10_000 }).toHaveLength(1);

      const lines = rendererLines();
      const floodWindow = lines.find((line) => line.msg === 'flood 0')!.window;
      const floodLines = lines.filter((line) => line.window === floodWindow && line.dropped === undefined);
      expect(floodLines.map((line) => line.msg)).toEqual(Array.from({ length: accepted }, (_, n) => `flood ${n}`));
      expect(floodLines.every((line) => line.level === 50 && line.scope === 'sync')).toBe(true); // pino's error
      expect(lines.find((line) => line.dropped !== undefined)).toMatchObject({ window: floodWindow, dropped: 60 - accepted, level: 40 });
      const calmLine = lines.find((line) => line.scope === 'training.audio')!;
      expect(calmLine.window).not.toBe(floodWindow);
      expect(calmLine.msg).toBe('clip refused by 138****5678');
    } finally {
      flooding.close();
      calm.close();
    }
  });

  it('a line outside the contract is refused and logs nothing', async () => {
    const page = await openPage();
    try {
      const before = rendererLines().length;
      for (const bad of [
        { level: 'fatal', scope: 'sync', message: 'x' },
        { level: 'info', scope: 'Sync UI', message: 'x' },
        { level: 'info', scope: 'sync', message: '' },
        { level: 'info', scope: 'sync', message: 'x'.repeat(501) },
        { level: 'info', scope: 'sync', message: 'x', agentId: '1001' },
      ]) {
        expect((await page.call('app.log', bad)).error?.code).toBe('VALIDATION');
      }
      expect((await page.call('app.log', { level: 'info', scope: 'sync', message: 'after the bad ones' })).value).toEqual({ accepted: true });
      await expect.poll(() => rendererLines().some((line) => line.msg === 'after the bad ones'), { timeout: 10_000 }).toBe(true);
      expect(rendererLines().length).toBe(before + 1);
    } finally {
      page.close();
    }
  });
});
