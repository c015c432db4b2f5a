import path from 'node:path';
import { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebHost, type RunningWebHost } from '../../../src-main/host/web/web-host.js';
import { REPO_ROOT } from '../../support/processes.js';
import { startInProcessWorkstation, type InProcessWorkstation } from '../../support/workstation.js';

function openSocket(url: string, origin: string): Promise<{ ws?: WebSocket; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { origin });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_request, response) => resolve({ status: response.statusCode }));
    ws.once('error', () => resolve({ status: -1 }));
  });
}

describe('browser-mode host', () => {
  let ws: InProcessWorkstation;
  let host: RunningWebHost;
  beforeEach(async () => {
    ws = await startInProcessWorkstation();
    host = await startWebHost({ workstation: ws.workstation, dispatch: ws.dispatch, rendererDir: path.join(REPO_ROOT, 'src-renderer') });
  });
  afterEach(async () => {
    await host.close();
    await ws.close();
  });

  const ipcUrl = (key: string) => `${host.origin.replace('http', 'ws')}/ipc?key=${encodeURIComponent(key)}`;

  it('carries the IPC contract for a page that has the launch secret', async () => {
    const { ws: socket } = await openSocket(ipcUrl(host.secret), host.origin);
    expect(socket).toBeDefined();
    const reply = await new Promise<unknown>((resolve) => {
      socket!.once('message', (data) => resolve(JSON.parse(data.toString())));
      socket!.send(JSON.stringify({ id: 7, channel: 'app.info', payload: {} }));
    });
    expect(reply).toMatchObject({ id: 7, result: { ok: true, value: { host: 'web' } } });
    socket!.close();
  });

  it('refuses a socket without the secret, with a wrong secret, or from another origin', async () => {
    expect((await openSocket(ipcUrl(''), host.origin)).status).toBe(403);
    expect((await openSocket(ipcUrl(`${host.secret}x`), host.origin)).status).toBe(403);
    expect((await openSocket(ipcUrl(host.secret), 'http://127.0.0.1:1')).status).toBe(403);
    expect((await openSocket(ipcUrl(host.secret), 'https://evil.example')).status).toBe(403);
  });

  it('sends the strict CSP with every page and refuses paths outside the renderer', async () => {
    const page = await fetch(`${host.origin}/index.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe');
    const escape = await fetch(`${host.origin}/..%2f..%2fpackage.json`);
    expect(escape.status).toBe(403);
  });
});
