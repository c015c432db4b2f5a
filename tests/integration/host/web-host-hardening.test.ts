import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../support/processes.js';

// The browser-mode host as its own process (with its embedded central API), attacked from outside:
// oversized frames and requests with another site's Host header.

let dir: string;
let host: WebHost;
let origin: string;
let key: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-web-hardening-'));
  host = await startWebHost({ profileDir: dir });
  const url = new URL(host.url);
  origin = url.origin;
  key = new URLSearchParams(url.hash.slice(1)).get('key')!;
}, 60_000);
afterAll(async () => {
  await host.stop();
  rmSync(dir, { recursive: true, force: true });
});

function openIpc(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/ipc?key=${encodeURIComponent(key)}`, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function reply(ws: WebSocket, frame: string | Buffer): Promise<{ id: number | null; result: { ok: boolean; error?: { code: string; message: string }; value?: unknown } }> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString())));
    ws.send(frame);
  });
}

const appInfo = (ws: WebSocket, id: number) => reply(ws, JSON.stringify({ id, channel: 'app.info', payload: {} }));

/** An IPC frame for tickets.attach whose JSON is `bytes` long. */
function attachFrame(id: number, bytes: number): Buffer {
  const head = `{"id":${id},"channel":"tickets.attach","payload":{"name":"photo.jpg","dataBase64":"`;
  const tail = '"}}';
  return Buffer.concat([Buffer.from(head), Buffer.alloc(bytes - head.length - tail.length, 'A'), Buffer.from(tail)]);
}

function get(pathname: string, hostHeader: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: new URL(origin).port, path: pathname, headers: { host: hostHeader } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser-mode host under hostile input', () => {
  it('answers a 9 MiB frame (a 7 MB photo as base64) with a clear IPC error and keeps serving on the same socket', async () => {
    const ws = await openIpc();
    const refused = await reply(ws, attachFrame(41, 9 * 1024 * 1024));
    expect(refused).toEqual({ id: 41, result: { ok: false, error: { code: 'TOO_LARGE', message: expect.stringContaining('over the 8 MiB limit') } } });
    expect(await appInfo(ws, 42)).toMatchObject({ id: 42, result: { ok: true, value: { host: 'web' } } });
    ws.close();
  });

  it('a frame far over any limit closes only that socket: the process, new sockets and pages still answer', async () => {
    const ws = await openIpc();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(attachFrame(43, 65 * 1024 * 1024));
    expect(await closed).toBe(1009); // "message too big"
    expect(host.child.exitCode).toBeNull();
    const again = await openIpc();
    expect(await appInfo(again, 44)).toMatchObject({ id: 44, result: { ok: true } });
    again.close();
    expect((await get('/index.html', new URL(origin).host)).status).not.toBe(421);
  });

  it('serves only requests addressed to 127.0.0.1:PORT or localhost:PORT (DNS rebinding)', async () => {
    const port = new URL(origin).port;
    // (dist/renderer may not be built: the page's own answer, whatever it is, is not 421.)
    const own = await get('/index.html', `127.0.0.1:${port}`);
    expect(own.status).not.toBe(421);
    expect(await get('/index.html', `localhost:${port}`)).toEqual(own);
    for (const hostHeader of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${Number(port) + 1}`, `localhost.evil.example:${port}`, `127.0.0.1`]) {
      const answer = await get('/asset/anything.png', hostHeader);
      expect(answer.status, hostHeader).toBe(421);
      expect((await get('/index.html', hostHeader)).status, hostHeader).toBe(421);
    }
    const rebound = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${origin.replace('http', 'ws')}/ipc?key=${encodeURIComponent(key)}`, { origin, headers: { host: `evil.example:${port}` } });
      ws.once('open', () => resolve(101));
      ws.once('unexpected-response', (_request, response) => resolve(response.statusCode!));
      ws.once('error', () => resolve(-1));
    });
    expect(rebound).toBe(403);
  });

  it('lets the page connect only to itself and the provisioned SIP server, not to any ws: or wss: host', async () => {
    const page = await fetch(`${origin}/index.html`);
    const connect = page.headers.get('content-security-policy')!.split('; ').find((directive) => directive.startsWith('connect-src'))!;
    expect(connect.split(' ')).not.toContain('ws:');
    expect(connect.split(' ')).not.toContain('wss:');
    expect(connect).toMatch(/^connect-src 'self'( wss?:\/\/[^\s]+)*$/);
  });
});
