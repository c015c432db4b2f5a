import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { countRows } from '../support/db-snapshot.js';
import { startWebHost } from '../support/processes.js';
import { queryServerDb } from '../support/server-db.js';
import { expect, signIn, test, waitForFirstSync } from './fixtures.js';

// Issue 16, states first: an agent works states with no SIP server at all, the line's status is
// shown apart, a newcomer gets a ringing demo call from the call bar, and offline reads calm.

test('with no SIP server the agent goes ready and not ready right after sign-in, and the centre records it', async ({ page, bench }) => {
  await page.goto(bench.host.url);
  await signIn(page, '1001');
  await expect(page.getByTestId('registration')).toHaveText('未配置线路');
  await expect(page.getByTestId('agent-state')).toHaveText('未就绪');

  const chooser = page.getByLabel('切换坐席状态');
  await chooser.selectOption({ label: '就绪' });
  await expect(page.getByTestId('agent-state')).toHaveText('就绪');
  // Ground truth: the central database behind the API's back holds the reported state.
  await expect
    .poll(async () => (await queryServerDb(path.join(bench.dataDir, 'central.db'), "SELECT data FROM documents WHERE collection = 'agentState' AND id = '1001'")).map((row) => JSON.parse(String(row.data)).status))
    .toEqual(['ready']);

  await chooser.selectOption({ label: '未就绪 · 小休' });
  await expect(page.getByTestId('agent-state')).toHaveText('未就绪 · 小休');
  await expect
    .poll(async () => (await queryServerDb(path.join(bench.dataDir, 'central.db'), "SELECT data FROM documents WHERE collection = 'agentState' AND id = '1001'")).map((row) => JSON.parse(String(row.data)).reason))
    .toEqual(['break']);
});

test('a newcomer without a line rings a demo call from the call bar and answers it there', async ({ page, bench }) => {
  await page.goto(bench.host.url);
  await signIn(page, '1001');
  await waitForFirstSync(page);
  await expect(page.getByTestId('agent-state')).toHaveText('未就绪');
  await expect(page.getByTestId('registration')).toHaveText('未配置线路');
  await page.getByRole('button', { name: '试接演示来电' }).click();
  await expect(page.getByTestId('registration')).toHaveText('培训模拟线路');
  await expect(page.getByTestId('agent-state')).toHaveText('振铃');
  await expect(page.getByTestId('ringing-bar')).toContainText('来电：');
  await page.getByRole('banner', { name: '通话栏' }).getByRole('button', { name: '接听' }).click();
  await expect(page.getByTestId('agent-state')).toHaveText('通话中');
  // The demo runs in the training sandbox, and the offer is gone while it does.
  await expect(page.getByRole('region', { name: '培训控制' })).toContainText('沙箱数据');
  await expect(page.getByRole('button', { name: '试接演示来电' })).toHaveCount(0);
});

test('offline reads calm and in Chinese: what waits and since when, never the transport error', async ({ page, bench }) => {
  await page.goto(bench.host.url);
  await signIn(page, '1001');
  await waitForFirstSync(page);
  await expect(page.getByTestId('sync-state')).toHaveText('在线');
  await bench.stopApi();
  await expect(page.getByTestId('offline-banner')).toHaveText(/^离线工作中 · 待上传 \d+/, { timeout: 10_000 });

  // A state change while offline waits in the outbox; the banner counts it and its age.
  await page.getByLabel('切换坐席状态').selectOption({ label: '就绪' });
  const profileDb = path.join(bench.dataDir, 'profile', 'agent-1001.db');
  await expect.poll(() => countRows(profileDb, 'SELECT COUNT(*) AS n FROM outbox')).toBeGreaterThan(0);
  const pending = countRows(profileDb, 'SELECT COUNT(*) AS n FROM outbox');
  await expect(page.getByTestId('offline-banner')).toHaveText(new RegExp(`^离线工作中 · 待上传 ${pending} · 最早 \\d+ 秒前$`));
  await expect(page.locator('body')).not.toContainText('fetch failed');
  await expect(page.locator('body')).not.toContainText('unreachable');
});

test('npm start with no SIP server says so in one line', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hotline-e2e-'));
  // No --server-url: the embedded central API with the seed data, whose softphone.json names no proxy.
  const host = await startWebHost({ profileDir: path.join(dataDir, 'profile') });
  try {
    const lines = host.output().split('\n').filter((line) => /SIP/.test(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^No SIP server configured .*demo line/);
  } finally {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
