import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startProcess } from '../../support/processes.js';

describe('npm start on a machine without the Electron binary', () => {
  it('says so in one line and serves the workstation in browser mode with the embedded API', async () => {
    const profileDir = mkdtempSync(path.join(os.tmpdir(), 'hotline-start-'));
    const started = Date.now();
    const app = await startProcess('npm', ['start', '--silent'], {
      ready: /browser mode\): (http:\/\/127\.0\.0\.1:\d+\/#key=\S+)/,
      env: { HOTLINE_PROFILE_DIR: profileDir, HOTLINE_SERVER_URL: '', LOG_LEVEL: 'warn' },
      timeoutMs: 60_000,
      processGroup: true,
    });
    try {
      const seconds = (Date.now() - started) / 1000;
      expect(app.output()).toMatch(/Electron binary not installed.*browser mode/);
      expect(app.output()).toMatch(/Embedded central API \(seed data\): http:\/\/127\.0\.0\.1:\d+/);
      const page = await fetch(app.match[1]!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      console.log(`npm start → URL printed in ${seconds.toFixed(1)} s`);
      await app.stop('SIGTERM');
      // Stopping `npm start` stops the whole workstation: nothing answers on its URL any more.
      await expect.poll(() => fetch(app.match[1]!).then(() => 'answering', () => 'stopped'), { timeout: 10_000 }).toBe('stopped');
    } finally {
      await app.stop('SIGTERM');
      rmSync(profileDir, { recursive: true, force: true });
    }
  });
});
