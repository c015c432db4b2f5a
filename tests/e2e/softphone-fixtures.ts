import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startKamailio, type Kamailio } from '../support/kamailio.js';
import { startRtpEngine, type RtpEngine } from '../support/rtpengine.js';
import { startFlakyLink, type FlakyLink } from '../support/flaky-link.js';
import { startCentralApi, startWebHost, type CentralApi, type WebHost } from '../support/processes.js';
import { SipPeer, startPeerServer, type PeerServer } from '../support/sip-peer.js';

export interface PhoneBench {
  kamailio: Kamailio;
  /** Only with `withRtpEngine`. */
  rtpengine?: RtpEngine;
  api: CentralApi;
  host: WebHost;
  /** The workstation's profile directory (the agent's SQLite store lives here). */
  profileDir: string;
  /** The agent's network path to Kamailio (the workstation is provisioned with this address). */
  agentLink: FlakyLink;
  /** A sip.js phone registered on the same Kamailio (a customer or a third party). */
  openPeer(user: string, options?: { autoAnswer?: boolean; followRefer?: boolean }): Promise<SipPeer>;
}

export interface PhoneBenchOptions {
  /** After-call work seconds the centre configures (short, so tests see the return to ready). */
  afterCallWorkSeconds: number;
  /** Also start rtpengine and let Kamailio bridge plain-RTP callers (SIPp) to WebRTC through it. */
  withRtpEngine: boolean;
}

/**
 * A real Kamailio on loopback, the central API provisioning SIP accounts for it, the workstation in
 * browser mode, and a page server for sip.js peers; all per test, all stopped by the test.
 */
export const test = base.extend<PhoneBenchOptions & { phone: PhoneBench }>({
  afterCallWorkSeconds: [2, { option: true }],
  withRtpEngine: [false, { option: true }],
  phone: async ({ browser, afterCallWorkSeconds, withRtpEngine }, use) => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hotline-phone-'));
    const rtpengine = withRtpEngine ? await startRtpEngine() : undefined;
    const kamailio = await startKamailio({ rtpenginePort: rtpengine?.controlPort });
    const agentLink = await startFlakyLink(kamailio.wsPort);
    const api = await startCentralApi(path.join(dataDir, 'central.db'), 0, {
      HOTLINE_SIP_WS_URL: agentLink.wsUrl,
      HOTLINE_SIP_DOMAIN: kamailio.domain,
      HOTLINE_SIP_SECRET: kamailio.secret,
      HOTLINE_ACW_SECONDS: String(afterCallWorkSeconds),
    });
    const host = await startWebHost({ profileDir: path.join(dataDir, 'profile'), serverUrl: api.url });
    const peerServer: PeerServer = await startPeerServer();
    const peers: SipPeer[] = [];
    await use({
      kamailio,
      rtpengine,
      api,
      host,
      profileDir: path.join(dataDir, 'profile'),
      agentLink,
      async openPeer(user, options = {}) {
        const peer = await SipPeer.open(browser, peerServer, { wsUrl: kamailio.wsUrl, domain: kamailio.domain, user, password: kamailio.passwordFor(user), ...options });
        peers.push(peer);
        return peer;
      },
    });
    for (const peer of peers) await peer.close();
    await peerServer.close();
    await host.stop();
    await api.stop();
    await agentLink.close();
    await kamailio.stop();
    await rtpengine?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect };

/** Keeps every RTCPeerConnection the workstation page creates, so a test can read its getStats(). */
export async function watchPeerConnections(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Original = window.RTCPeerConnection;
    const seen: RTCPeerConnection[] = [];
    (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections = seen;
    window.RTCPeerConnection = class extends Original {
      constructor(config?: RTCConfiguration) {
        super(config);
        seen.push(this);
      }
    } as typeof RTCPeerConnection;
  });
}

export interface AgentMedia {
  bytesReceived: number;
  bytesSent: number;
  direction: string | null;
}

/** Audio figures of the workstation's newest open peer connection. */
export function agentMedia(page: Page): Promise<AgentMedia> {
  return page.evaluate(async () => {
    const all = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    const pc = [...all].reverse().find((candidate) => candidate.connectionState !== 'closed');
    const media = { bytesReceived: 0, bytesSent: 0, direction: null as string | null };
    if (!pc) return media;
    (await pc.getStats()).forEach((entry: { type: string; kind?: string; bytesReceived?: number; bytesSent?: number }) => {
      if (entry.type === 'inbound-rtp' && entry.kind === 'audio') media.bytesReceived += entry.bytesReceived ?? 0;
      if (entry.type === 'outbound-rtp' && entry.kind === 'audio') media.bytesSent += entry.bytesSent ?? 0;
    });
    media.direction = pc.getTransceivers()[0]?.currentDirection ?? null;
    return media;
  });
}

export async function signInAgent(page: Page, host: WebHost, agentId = '1001'): Promise<void> {
  await page.goto(host.url);
  await page.getByLabel('工号').fill(agentId);
  await page.getByLabel('密码').fill(`hotline${agentId}`);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('registration')).toHaveText('话机已注册', { timeout: 15_000 });
}

/** Picks a state in the call bar's state menu ("就绪", or "未就绪 · 小休"). */
export async function chooseAgentState(page: Page, label: string): Promise<void> {
  await page.getByLabel('切换坐席状态').selectOption({ label });
}

/**
 * Clicks keypad keys exactly `spacingMs` apart, timed inside the page: Playwright's own clicks take
 * tens of ms each on a busy machine, which would space the presses out and hide a lost digit.
 */
export async function pressKeypadAtPace(page: Page, keys: readonly string[], spacingMs: number): Promise<number[]> {
  const group = page.getByRole('group', { name: '按键（DTMF）' });
  const buttons = await Promise.all(keys.map((key) => group.getByRole('button', { name: key, exact: true }).elementHandle()));
  // Each press's page time (performance.now), for the benchmark.
  return page.evaluate(
    async ({ buttons, spacingMs }) => {
      const pressedAt: number[] = [];
      for (const button of buttons) {
        pressedAt.push(performance.now());
        (button as HTMLButtonElement).click();
        await new Promise((resolve) => setTimeout(resolve, spacingMs));
      }
      return pressedAt;
    },
    { buttons, spacingMs },
  );
}
