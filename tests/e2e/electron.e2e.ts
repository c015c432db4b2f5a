import { _electron as electron, expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, startCentralApi } from '../support/processes.js';

// The same story as in browser mode, in the real desktop app. Electron's binary cannot be
// downloaded on the project's build machines, so there this test is skipped; on a machine with
// the binary (a developer's or user's) it runs.
function electronBinary(): string | undefined {
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown;
    return typeof binary === 'string' && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
test.skip(!binary, 'Electron binary not installed on this machine');

test('the desktop app signs an agent in and keeps Node out of the page', async () => {
  spawnSync(process.execPath, ['scripts/build-main.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hotline-electron-'));
  const api = await startCentralApi(path.join(dataDir, 'central.db'));
  const app = await electron.launch({
    executablePath: binary,
    args: [REPO_ROOT],
    env: { ...process.env, HOTLINE_PROFILE_DIR: path.join(dataDir, 'profile'), HOTLINE_SERVER_URL: api.url, LOG_LEVEL: 'warn' },
  });
  try {
    const page = await app.firstWindow();
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    const refused = await page.evaluate(() => (window as unknown as { workstation: { invoke(c: string, r: unknown): Promise<unknown> } }).workstation.invoke('fs.read', {}));
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });

    await page.getByLabel('工号').fill('1001');
    await page.getByLabel('密码').fill('hotline1001');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('list', { name: '文章列表' }).getByRole('button', { name: /宽带故障报修受理/ })).toBeVisible();
  } finally {
    await app.close();
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
