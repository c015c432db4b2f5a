import { chromium } from '@playwright/test';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { CHROMIUM_ARGS } from '../../e2e/playwright.config.js';
import { REPO_ROOT, startCentralApi, startWebHost } from '../../support/processes.js';

/**
 * Keystroke → results painted, measured in Chromium on the real UI over the web host, with the
 * benchmark's store as agent 1001's profile. The renderer records a User Timing measure from each
 * input event to the frame that shows its results (HandbookPane.tsx).
 */
export async function measureKeystrokeToPaint(storeFile: string, queries: string[]): Promise<number[]> {
  if (!existsSync(path.join(REPO_ROOT, 'dist/renderer/index.html'))) {
    execFileSync(path.join(REPO_ROOT, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-browser-'));
  const profileDir = path.join(dataDir, 'profile');
  mkdirSync(profileDir, { recursive: true });
  copyFileSync(storeFile, path.join(profileDir, 'agent-1001.db'));
  const api = await startCentralApi(path.join(dataDir, 'central.db'));
  const host = await startWebHost({ profileDir, serverUrl: api.url, env: { HOTLINE_SYNC_INTERVAL_MS: '60000' } });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    await page.goto(host.url);
    await page.getByLabel('工号').fill('1001');
    await page.getByLabel('密码').fill('hotline1001');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('list', { name: '文章列表' }).getByRole('button').first().waitFor({ timeout: 60_000 });
    const search = page.getByRole('searchbox', { name: '搜索服务宝典' });
    for (const query of queries) {
      await search.fill('');
      await search.focus();
      await page.keyboard.type(query, { delay: 120 });
      await page.waitForTimeout(150);
    }
    return await page.evaluate(() => performance.getEntriesByName('handbook:keystroke-to-paint').map((entry) => entry.duration));
  } finally {
    await browser.close();
    await host.stop();
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
