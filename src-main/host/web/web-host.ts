import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventNames } from '../../../src-shared/ipc/contract.js';
import type { Dispatch } from '../../ipc/dispatcher.js';
import type { Workstation } from '../../services/workstation.js';
import { assetResponse } from '../asset-response.js';
import type { Logger } from '../../services/log.js';
import { CONTENT_TYPES, securityHeaders } from '../csp.js';
import { resolveInside } from '../safe-path.js';
import { HARD_FRAME_LIMIT_BYTES, IpcFrame, MAX_IPC_FRAME_BYTES, tooLargeFrame } from './frames.js';

export interface WebHostOptions {
  workstation: Workstation;
  dispatch: Dispatch;
  rendererDir: string;
  port?: number;
  /** Per-launch secret; a page must present it to open the IPC socket. */
  secret?: string;
}

export interface RunningWebHost {
  /** Open this in a browser: the secret travels in the fragment, which is never sent over HTTP. */
  url: string;
  origin: string;
  secret: string;
  close(): Promise<void>;
}

/**
 * Browser mode: serves the built renderer and carries the IPC contract over a WebSocket on
 * 127.0.0.1. Other local pages cannot use it: the socket checks the Origin and the secret.
 */
export async function startWebHost(options: WebHostOptions): Promise<RunningWebHost> {
  const secret = options.secret ?? randomBytes(24).toString('base64url');
  let port = 0;
  const server = createServer((request, response) => {
    // DNS rebinding: a page of evil.example resolved to 127.0.0.1 sends `Host: evil.example`.
    if (!isOwnHost(request, port)) {
      response.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('Misdirected request: this workstation answers only 127.0.0.1 and localhost');
      return;
    }
    if (request.url?.startsWith('/asset/')) {
      const asset = isCrossSite(request)
        ? { status: 403, headers: { 'content-type': 'text/plain' }, body: 'Forbidden' }
        : assetResponse(options.workstation.session?.db, request.url, request.headers.range);
      response.writeHead(asset.status, asset.headers);
      response.end(request.method === 'HEAD' ? undefined : asset.body);
      return;
    }
    void serveStatic(options.rendererDir, request.url ?? '/').then(({ status, body, type }) => {
      response.writeHead(status, { ...securityHeaders(options.workstation.settings.read().sipServers), 'content-type': type, 'cache-control': 'no-cache' });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  const origin = `http://127.0.0.1:${port}`;

  // Frames over MAX_IPC_FRAME_BYTES get an IPC error and the socket stays; only far larger ones
  // (beyond what the page ever sends) close that one socket. Neither touches the process.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: HARD_FRAME_LIMIT_BYTES });
  server.on('upgrade', (request, socket, head) => {
    socket.on('error', () => socket.destroy());
    if (!isOwnHost(request, port) || !isAllowedUpgrade(request, origin, secret)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveIpc(ws, options.dispatch, options.workstation.options.log));
  });

  const forwarders = eventNames.map((event) => {
    const forward = (payload: unknown) => {
      const frame = JSON.stringify({ event, payload });
      for (const client of sockets.clients) client.send(frame);
    };
    options.workstation.on(event, forward);
    return () => options.workstation.off(event, forward);
  });

  return {
    url: `${origin}/#key=${secret}`,
    origin,
    secret,
    async close() {
      forwarders.forEach((remove) => remove());
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await closeServer(server);
    },
  };
}

/** Pictures and audio are for this host's own pages; another site embedding them is refused. */
function isCrossSite(request: IncomingMessage): boolean {
  const site = request.headers['sec-fetch-site'];
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}

function isAllowedUpgrade(request: IncomingMessage, origin: string, secret: string): boolean {
  const url = new URL(request.url ?? '/', origin);
  if (url.pathname !== '/ipc') return false;
  if (request.headers.origin !== origin) return false;
  const given = Buffer.from(url.searchParams.get('key') ?? '');
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The Host header names this server: `127.0.0.1:PORT` or `localhost:PORT`, nothing else. */
function isOwnHost(request: IncomingMessage, port: number): boolean {
  const host = request.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

let socketsServed = 0;

function serveIpc(ws: WebSocket, dispatch: Dispatch, log: Logger): void {
  // Each socket is one page (window); main's per-window limits (the renderer log) key on this.
  const caller = { window: `web-${++socketsServed}` };
  // Without a listener, one socket's error (a frame over the hard limit, a reset) would end the process.
  ws.on('error', (error) => log.warn({ err: error.message }, 'IPC socket error; the socket is closed'));
  ws.on('message', (data: Buffer) => {
    if (data.length > MAX_IPC_FRAME_BYTES) {
      ws.send(JSON.stringify({ id: leadingId(data), result: tooLargeFrame(data.length) }));
      return;
    }
    let frame: IpcFrame;
    try {
      frame = IpcFrame.parse(JSON.parse(data.toString()));
    } catch {
      ws.send(JSON.stringify({ id: null, result: { ok: false, error: { code: 'VALIDATION', message: 'Malformed IPC frame' } } }));
      return;
    }
    void dispatch(frame.channel, frame.payload, caller).then((result) => ws.send(JSON.stringify({ id: frame.id, result })));
  });
}

/** The request id of a frame too large to parse: the bridge writes it first (`{"id":N,…`). */
function leadingId(data: Buffer): number | null {
  const match = /^\{"id":(\d{1,15}),/.exec(data.subarray(0, 32).toString('latin1'));
  return match ? Number(match[1]) : null;
}

async function serveStatic(root: string, urlPath: string): Promise<{ status: number; body: Buffer | string; type: string }> {
  const file = resolveInside(root, urlPath);
  if (!file) return { status: 403, body: 'Forbidden', type: 'text/plain' };
  try {
    return { status: 200, body: await readFile(file), type: CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' };
  } catch {
    return { status: 404, body: 'Not found', type: 'text/plain' };
  }
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
