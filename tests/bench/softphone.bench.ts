// `npm run bench -- softphone [--calls N]`: the softphone's latencies on loopback against a real
// Kamailio, measured in Chromium inside the workstation page itself (SIP frames timestamped as the
// WebSocket carries them, paint by requestAnimationFrame, media by getStats):
//   registration      first REGISTER sent → 200 OK (includes the digest challenge)
//   ringing bar       INVITE frame received → ringing bar in the painted frame      target ≤ 50 ms
//   answer → audio    click 接听 → inbound audio bytes > 0                          target ≤ 300 ms
//   dial → INVITE     click 拨号 → INVITE frame sent                                target ≤ 150 ms
//   re-registration   Kamailio restarted (listening again) → 200 OK to the new REGISTER  target ≤ 2000 ms
//   DTMF by INFO      key pressed (2580#, 100 ms apart) → 200 OK to its INFO; digits delivered in order
import { chromium, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS } from '../e2e/playwright.config.js';
import { startKamailio } from '../support/kamailio.js';
import { pressKeypadAtPace } from '../e2e/softphone-fixtures.js';
import { REPO_ROOT, startCentralApi, startWebHost } from '../support/processes.js';
import { SipPeer, startPeerServer } from '../support/sip-peer.js';

const DTMF_KEYS = ['2', '5', '8', '0', '#'];

interface BenchProbe {
  frames: { t: number; dir: 'in' | 'out'; head: string; cseq: string }[];
  ringPaintedAt: number[];
  clicks: Record<string, number>;
}

/** Runs in the page before the app: timestamps SIP frames, clicks and the ringing bar's first paint. */
function installProbe(): void {
  const probe: BenchProbe = { frames: [], ringPaintedAt: [], clicks: {} };
  (window as unknown as { __bench: BenchProbe }).__bench = probe;
  const describe = (data: unknown, dir: 'in' | 'out') => {
    if (typeof data !== 'string') return;
    const head = data.slice(0, data.indexOf('\r\n'));
    const cseq = /\r\nCSeq:\s*\d+\s+(\w+)/i.exec(data)?.[1] ?? '';
    probe.frames.push({ t: performance.now(), dir, head, cseq });
  };
  const OriginalPc = window.RTCPeerConnection;
  const pcs: RTCPeerConnection[] = [];
  (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = pcs;
  window.RTCPeerConnection = class extends OriginalPc {
    constructor(config?: RTCConfiguration) {
      super(config);
      pcs.push(this);
    }
  } as typeof RTCPeerConnection;
  const Original = window.WebSocket;
  window.WebSocket = class extends Original {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      if (String(url).includes('/ipc')) return;
      this.addEventListener('message', (event) => describe(event.data, 'in'));
    }
    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      if (!this.url.includes('/ipc')) describe(data, 'out');
      super.send(data);
    }
  } as typeof WebSocket;
  document.addEventListener(
    'click',
    (event) => {
      const text = (event.target as HTMLElement | null)?.closest('button')?.textContent?.trim();
      if (text) probe.clicks[text] = performance.now();
    },
    true,
  );
  new MutationObserver(() => {
    const bar = document.querySelector('[data-testid="ringing-bar"]');
    const shown = bar !== null;
    if (shown && !(window as unknown as { __ringShown?: boolean }).__ringShown) {
      requestAnimationFrame((frameTime) => probe.ringPaintedAt.push(Math.max(frameTime, performance.now())));
    }
    (window as unknown as { __ringShown?: boolean }).__ringShown = shown;
  }).observe(document, { childList: true, subtree: true });
}

const probeOf = (page: Page) => page.evaluate(() => (window as unknown as { __bench: BenchProbe }).__bench);
const resetProbe = (page: Page) =>
  page.evaluate(() => {
    const probe = (window as unknown as { __bench: BenchProbe }).__bench;
    probe.frames = [];
    probe.ringPaintedAt = [];
    probe.clicks = {};
  });

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function report(name: string, values: number[], target?: number): void {
  const p50 = percentile(values, 50);
  const p95 = percentile(values, 95);
  const verdict = target === undefined ? '' : p95 <= target ? `  (target ≤ ${target} ms: met at p95)` : p50 <= target ? `  (target ≤ ${target} ms: met at p50, not at p95)` : `  (target ≤ ${target} ms: NOT met)`;
  console.log(`${name.padEnd(34)} n=${String(values.length).padStart(3)}  p50 ${p50.toFixed(1).padStart(7)} ms  p95 ${p95.toFixed(1).padStart(7)} ms  max ${Math.max(...values).toFixed(1).padStart(7)} ms${verdict}`);
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { calls: { type: 'string', default: '20' }, restarts: { type: 'string', default: '10' } } });
  const restarts = Math.max(1, Number(values.restarts));
  const calls = Math.max(20, Number(values.calls));
  if (!existsSync(path.join(REPO_ROOT, 'dist/renderer/index.html'))) execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: REPO_ROOT, stdio: 'inherit' });

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-phone-'));
  const kamailio = await startKamailio();
  const api = await startCentralApi(path.join(dataDir, 'central.db'), 0, {
    HOTLINE_SIP_WS_URL: kamailio.wsUrl,
    HOTLINE_SIP_DOMAIN: kamailio.domain,
    HOTLINE_SIP_SECRET: kamailio.secret,
    HOTLINE_ACW_SECONDS: '0',
  });
  const host = await startWebHost({ profileDir: path.join(dataDir, 'profile'), serverUrl: api.url });
  const peers = await startPeerServer();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    // tsx compiles with keepNames, so the serialised function calls esbuild's __name helper.
    await page.addInitScript({ content: `var __name = (target) => target; (${installProbe.toString()})();` });
    await page.goto(host.url);
    await page.getByLabel('工号').fill('1001');
    await page.getByLabel('密码').fill('hotline1001');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('registration').getByText('话机已注册').waitFor({ timeout: 20_000 });

    // Registration: each reload unregisters (pagehide) and registers afresh with digest auth.
    const registration: number[] = [];
    for (let i = 0; i < calls; i++) {
      await page.reload();
      await page.getByTestId('registration').getByText('话机已注册').waitFor({ timeout: 20_000 });
      const frames = (await probeOf(page)).frames;
      const sent = frames.find((frame) => frame.dir === 'out' && frame.head.startsWith('REGISTER '));
      const ok = frames.find((frame) => frame.dir === 'in' && frame.head.startsWith('SIP/2.0 200') && frame.cseq === 'REGISTER');
      if (sent && ok) registration.push(ok.t - sent.t);
    }

    const customer = await SipPeer.open(browser, peers, { wsUrl: kamailio.wsUrl, domain: kamailio.domain, user: '13812341234', password: kamailio.passwordFor('13812341234') });
    const callee = await SipPeer.open(browser, peers, { wsUrl: kamailio.wsUrl, domain: kamailio.domain, user: '1002', password: kamailio.passwordFor('1002'), autoAnswer: true });
    // The peers' pages opened last; rAF (our paint clock) runs only in the visible page.
    await page.bringToFront();
    await page.getByLabel('切换坐席状态').selectOption({ label: '就绪' });

    const ringing: number[] = [];
    const answerToAudio: number[] = [];
    const dialToInvite: number[] = [];
    for (let i = 0; i < calls; i++) {
      // Inbound: the customer calls, the agent answers with a click.
      await resetProbe(page);
      await customer.call('1001');
      await page.getByTestId('ringing-bar').waitFor();
      await page.waitForFunction(() => (window as unknown as { __bench: BenchProbe }).__bench.ringPaintedAt.length > 0);
      await page.getByRole('button', { name: '接听', exact: true }).click();
      const audioAt = await page.evaluate(async () => {
        // The workstation's own peer connection for this call, polled until audio bytes arrive.
        const deadline = performance.now() + 5_000;
        while (performance.now() < deadline) {
          const pcs = (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? [];
          for (const pc of pcs) {
            if (pc.connectionState === 'closed') continue;
            let bytes = 0;
            (await pc.getStats()).forEach((entry: { type: string; kind?: string; bytesReceived?: number }) => {
              if (entry.type === 'inbound-rtp' && entry.kind === 'audio') bytes += entry.bytesReceived ?? 0;
            });
            if (bytes > 0) return performance.now();
          }
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        return -1;
      });
      const probe = await probeOf(page);
      const invite = probe.frames.find((frame) => frame.dir === 'in' && frame.head.startsWith('INVITE '));
      if (invite && probe.ringPaintedAt[0] !== undefined) ringing.push(probe.ringPaintedAt[0] - invite.t);
      if (audioAt > 0 && probe.clicks['接听'] !== undefined) answerToAudio.push(audioAt - probe.clicks['接听']);
      await page.getByRole('button', { name: '挂断', exact: true }).click();
      await page.getByTestId('agent-state').getByText('就绪', { exact: true }).waitFor();

      // Outbound: the agent dials the colleague from the dial pad.
      await resetProbe(page);
      await page.getByLabel('号码').fill('1002');
      await page.getByRole('button', { name: '拨号', exact: true }).click();
      await page.getByRole('button', { name: '挂断', exact: true }).waitFor();
      await page.waitForFunction(() =>
        (window as unknown as { __bench: BenchProbe }).__bench.frames.some((frame) => frame.dir === 'out' && frame.head.startsWith('INVITE ')),
      );
      const dialProbe = await probeOf(page);
      const sentInvite = dialProbe.frames.find((frame) => frame.dir === 'out' && frame.head.startsWith('INVITE '));
      if (sentInvite && dialProbe.clicks['拨号'] !== undefined) dialToInvite.push(sentInvite.t - dialProbe.clicks['拨号']);
      await page.getByTestId('current-call').getByText('00:0', { exact: false }).waitFor();
      await callee.page.waitForFunction(() => (window as unknown as { peer: { establishedCount(): number } }).peer.establishedCount() > 0);
      await page.getByRole('button', { name: '挂断', exact: true }).click();
      await page.getByTestId('agent-state').getByText('就绪', { exact: true }).waitFor();
    }

    // DTMF by SIP INFO at an agent's quick pace: each digit's press → its INFO answered, and the
    // far phone's count of digits received in order.
    await page.getByText('话机设置').click();
    await page.getByLabel('DTMF 方式').selectOption('info');
    const dtmfDelivery: number[] = [];
    let dtmfRounds = 0;
    let dtmfComplete = 0;
    for (let i = 0; i < restarts; i++) {
      await resetProbe(page);
      await customer.call('1001');
      await page.getByTestId('ringing-bar').waitFor();
      await page.getByRole('button', { name: '接听', exact: true }).click();
      await page.getByTestId('current-call').getByText('00:0', { exact: false }).waitFor();
      const before = (await customer.page.evaluate(() => (window as unknown as { peer: { dtmf: string[] } }).peer.dtmf.length));
      const pressedAt = await pressKeypadAtPace(page, DTMF_KEYS, 100);
      await customer.page
        .waitForFunction((count) => (window as unknown as { peer: { dtmf: string[] } }).peer.dtmf.length >= count, before + DTMF_KEYS.length, { timeout: 10_000 })
        .catch(() => undefined);
      const received = await customer.page.evaluate(() => (window as unknown as { peer: { dtmf: string[] } }).peer.dtmf);
      dtmfRounds++;
      if (received.slice(before).join('') === DTMF_KEYS.join('')) dtmfComplete++;
      const answered = (await probeOf(page)).frames.filter((frame) => frame.dir === 'in' && frame.head.startsWith('SIP/2.0 200') && frame.cseq === 'INFO');
      answered.slice(0, pressedAt.length).forEach((frame, index) => dtmfDelivery.push(frame.t - pressedAt[index]!));
      await page.getByRole('button', { name: '挂断', exact: true }).click();
      await page.getByTestId('agent-state').getByText('就绪', { exact: true }).waitFor();
    }

    // Proxy restarts: down for 3 s each (the reconnect backoff has grown past the restart by then),
    // timed from the moment Kamailio listens again to the 200 OK of the new REGISTER.
    const reRegistration: number[] = [];
    for (let i = 0; i < restarts; i++) {
      await resetProbe(page);
      await kamailio.kill();
      await page.getByTestId('registration').getByText('连接中断，正在重连…').waitFor({ timeout: 20_000 });
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await kamailio.start();
      const listeningAt = Date.now();
      await page.getByTestId('registration').getByText('话机已注册').waitFor({ timeout: 30_000 });
      const { origin, frames } = await page.evaluate(() => ({ origin: performance.timeOrigin, frames: (window as unknown as { __bench: BenchProbe }).__bench.frames }));
      const ok = frames.find((frame) => frame.dir === 'in' && frame.head.startsWith('SIP/2.0 200') && frame.cseq === 'REGISTER');
      if (ok) reRegistration.push(origin + ok.t - listeningAt);
    }

    console.log(`softphone bench: ${calls} calls each way on loopback (Kamailio ${kamailio.wsUrl}, Chromium, ${os.cpus().length} cores)`);
    report('registration (REGISTER → 200)', registration);
    report('INVITE received → ringing painted', ringing, 50);
    report('click 接听 → inbound audio bytes', answerToAudio, 300);
    report('click 拨号 → INVITE sent', dialToInvite, 150);
    report('DTMF INFO press → 200 (100 ms apart)', dtmfDelivery);
    console.log(`DTMF 2580# at 100 ms, by INFO: ${dtmfComplete}/${dtmfRounds} rounds complete and in order at the far phone`);
    report(`re-registration after restart (×${restarts})`, reRegistration, 2000);
    await customer.close();
    await callee.close();
  } finally {
    await browser.close();
    await peers.close();
    await host.stop();
    await api.stop();
    await kamailio.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
