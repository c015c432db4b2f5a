import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCentralApi, startWebHost, type CentralApi, type WebHost } from '../support/processes.js';

export interface Workbench {
  dataDir: string;
  api: CentralApi;
  host: WebHost;
  /** Stops the central API (the workstation goes offline). */
  stopApi(): Promise<void>;
  /** Starts the central API again on the same port and database. */
  startApi(): Promise<void>;
}

/** Each test gets its own data directory, its own central API process and its own web host. */
export const test = base.extend<{ bench: Workbench }>({
  bench: async ({}, use) => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hotline-e2e-'));
    const db = path.join(dataDir, 'central.db');
    let api = await startCentralApi(db);
    const host = await startWebHost({ profileDir: path.join(dataDir, 'profile'), serverUrl: api.url });
    const bench: Workbench = {
      dataDir,
      get api() {
        return api;
      },
      host,
      stopApi: () => api.stop(),
      async startApi() {
        api = await startCentralApi(db, api.port);
      },
    };
    await use(bench);
    await host.stop();
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect };

export async function signIn(page: Page, agentId = '1001', password = `hotline${agentId}`): Promise<void> {
  await page.getByLabel('工号').fill(agentId);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/**
 * The first sign-in of a fresh store syncs the seed handbook and builds its search index (Markdown
 * parse, pinyin, word segmentation of every title): a second of CPU that, on a shared machine at
 * load 20+, takes far longer than the default expect timeout. Waits for the handbook to be there.
 */
export async function waitForFirstSync(page: Page): Promise<void> {
  await expect(page.getByRole('list', { name: '文章列表' }).getByRole('button').first()).toBeVisible({ timeout: 30_000 });
}
