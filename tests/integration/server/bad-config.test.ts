import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/processes.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-bad-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a real entry to its end; its exit code and what it wrote. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('a bad configuration value stops a process at start, naming the variable', () => {
  // A process that ignored the value would listen instead of exiting; the runs get a compiler's time (tsx) under load.
  it('npm run server with PORT=abc exits 78 with the zh/en message, no stack trace, and no database made', async () => {
    const db = path.join(dir, 'central.db');
    const result = await run('npm', ['run', '--silent', 'server', '--', '--db', db], { PORT: 'abc', LOG_LEVEL: 'warn' });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('配置有误，无法启动 / Bad configuration, not starting:');
    expect(result.stderr).toContain('PORT="abc": 应为 0 到 65535 之间的整数 / expected a whole number from 0 to 65535');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack frames
    expect(result.stdout).not.toContain('listening');
    expect(readdirSync(dir)).toEqual([]);
  }, 120_000);

  it('the browser-mode workstation with HOTLINE_SYNC_INTERVAL_MS=5s exits 78 naming it', async () => {
    const result = await run(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src-main/host/web/main.ts'), '--profile-dir', path.join(dir, 'profile')], {
      HOTLINE_SYNC_INTERVAL_MS: '5s',
      LOG_LEVEL: 'warn',
    });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('HOTLINE_SYNC_INTERVAL_MS="5s": 应为 100 到 3600000 之间的整数 / expected a whole number from 100 to 3600000');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).not.toContain('browser mode');
    expect(readdirSync(dir)).toEqual([]);
  }, 120_000);
});
