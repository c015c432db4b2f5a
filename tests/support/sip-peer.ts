import type { Browser, BrowserContext, Page } from '@playwright/test';
import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { REPO_ROOT } from './processes.js';

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>sip peer</title></head>
<body><p>SIP test peer</p><script type="module" src="/peer.js"></script></body></html>`;

export interface PeerServer {
  url: string;
  close(): Promise<void>;
}

/** Bundles the sip.js test phone (tests/sip/peer/peer.ts) and serves it on 127.0.0.1. */
export async function startPeerServer(): Promise<PeerServer> {
  const bundle = await build({
    entryPoints: [path.join(REPO_ROOT, 'tests/sip/peer/peer.ts')],
    bundle: true,
    format: 'esm',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.contents;
  const server: Server = createServer((request, response) => {
    if (request.url === '/peer.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(script);
    } else {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(PAGE);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface PeerStartOptions {
  wsUrl: string;
  domain: string;
  user: string;
  password: string;
  autoAnswer?: boolean;
  followRefer?: boolean;
}

export interface MediaStats {
  bytesReceived: number;
  bytesSent: number;
  packetsReceived: number;
  direction: string | null;
}

/** One sip.js phone in its own browser context (its own fake microphone). */
export class SipPeer {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  static async open(browser: Browser, server: PeerServer, options: PeerStartOptions): Promise<SipPeer> {
    const context = await browser.newContext({ permissions: ['microphone'] });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => document.title === 'sip peer ready');
    await page.evaluate((opts) => window.peer.start(opts), options);
    return new SipPeer(context, page);
  }

  call(target: string): Promise<void> {
    // Not awaited by the page: the INVITE is in flight until the agent answers or rejects.
    return this.page.evaluate((t) => void window.peer.call(t), target);
  }
  answer(): Promise<void> {
    return this.page.evaluate(() => window.peer.answer());
  }
  hangup(): Promise<void> {
    return this.page.evaluate(() => window.peer.hangup());
  }
  state(): Promise<string> {
    return this.page.evaluate(() => window.peer.state());
  }
  establishedCount(): Promise<number> {
    return this.page.evaluate(() => window.peer.establishedCount());
  }
  stats(): Promise<MediaStats> {
    return this.page.evaluate(() => window.peer.stats());
  }
  dtmf(): Promise<string[]> {
    return this.page.evaluate(() => window.peer.dtmf);
  }
  lastFinalStatus(): Promise<number | null> {
    return this.page.evaluate(() => window.peer.lastFinalStatus);
  }
  incomingCount(): Promise<number> {
    return this.page.evaluate(() => window.peer.incomingCount);
  }
  remoteUser(): Promise<string | null> {
    return this.page.evaluate(() => window.peer.remoteUser());
  }
  log(): Promise<string[]> {
    return this.page.evaluate(() => window.peer.log());
  }
  async close(): Promise<void> {
    await this.page.evaluate(() => window.peer.stop()).catch(() => undefined);
    await this.context.close();
  }
}

declare global {
  interface Window {
    peer: {
      start(options: PeerStartOptions): Promise<void>;
      call(target: string): Promise<void>;
      answer(): Promise<void>;
      hangup(): Promise<void>;
      state(): string;
      establishedCount(): number;
      stats(): Promise<MediaStats>;
      dtmf: string[];
      lastFinalStatus: number | null;
      incomingCount: number;
      remoteUser(): string | null;
      log(): string[];
      stop(): Promise<void>;
    };
  }
}
