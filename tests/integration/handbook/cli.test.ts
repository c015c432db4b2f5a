import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStorage } from '../../../src-server/storage/sqlite-storage.js';
import { sha256Hex } from '../../../src-node/content/read-folder.js';
import type { HandbookArticle } from '../../../src-shared/domain/handbook.js';
import { REPO_ROOT } from '../../support/processes.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'handbook-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `npm run cli|admin -- <args>` exactly as an agent's machine or a centre admin types it. */
function npmRun(script: 'cli' | 'admin', args: string[]) {
  const result = spawnSync('npm', ['run', '-s', script, '--', ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.split('\n').filter((line) => line && !line.includes('nodedir')).join('\n') };
}
const cli = (...args: string[]) => npmRun('cli', args);
const admin = (...args: string[]) => npmRun('admin', args);

const FIXTURES = path.join(REPO_ROOT, 'tests/fixtures/handbook-broken');
const SEEDS = path.join(REPO_ROOT, 'seeds/handbook');

// Each run is npm starting node with tsx compiling the CLI on the fly: seconds each on a busy
// machine. The bound covers the processes a test starts, it is not a timing check.
describe('npm run cli|admin -- handbook …', { timeout: 180_000 }, () => {
  const store = path.join(work, 'agent.db');

  it('import: creates the store, imports the good files, reports each bad one by file:line, warns of sanitised HTML, and exits 1', () => {
    expect(existsSync(store)).toBe(false);
    const run = cli('handbook', 'import', FIXTURES, '--db', store);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('imported 3 article(s); skipped 5 file(s)');
    expect(run.stdout).toContain('1 warning(s) in 1 file(s)');
    expect(run.stdout).not.toContain('script-body.md,');
    for (const expected of [
      '宽带业务/missing-picture.md:11: 找不到文件：images/does-not-exist.png',
      '投诉处理/script-body.md:10: 警告 (warning): 已移除 <script> 元素',
      '移动业务/roaming-copy.md:2: id fixture-good-roaming 与 移动业务/good-roaming.md 重复',
      '宽带业务/bad-front-matter.md:4: YAML',
      '投诉处理/event-handler.md:10: 找不到文件：x.png',
      '投诉处理/missing-title.md:',
    ]) {
      expect(run.stderr).toContain(expected);
    }
  });

  it('import of the seed handbook succeeds with exit 0', () => {
    const run = cli('handbook', 'import', SEEDS, '--db', store);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/imported \d+ article\(s\); skipped 0 file\(s\)/);
  });

  it('search --json prints one result line with highlighted snippets', () => {
    const run = cli('handbook', 'search', '--db', store, '--json', '光猫');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const answer = JSON.parse(lines[0]!) as { query: string; ms: number; results: { id: string; title: string; category: string; snippet: string; score: number }[] };
    expect(answer.query).toBe('光猫');
    expect(answer.ms).toBeGreaterThanOrEqual(0);
    expect(answer.results.map((hit) => hit.id)).toEqual(expect.arrayContaining(['broadband-fault-report', 'fixture-good-fiber']));
    expect(Object.keys(answer.results[0]!).sort()).toEqual(['category', 'id', 'match', 'score', 'snippet', 'title']);
    expect(answer.results.find((hit) => hit.id === 'broadband-fault-report')!.snippet).toContain('<mark>光猫</mark>');
  });

  it('search --batch answers one JSON line per query, in order, hostile ones included, with --limit and --category', () => {
    const queries = ['宽带', 'kd', 'xhzw', '"NEAR(', '宽带 AND 光猫', '*', '\\', '😀', '', `${'宽'.repeat(2000)}`, "'; DROP TABLE handbook_articles; --", 'FTTH 光猫'];
    const batch = path.join(work, 'queries.txt');
    writeFileSync(batch, `${queries.join('\n')}\n`);
    const run = cli('handbook', 'search', '--db', store, '--json', '--limit', '1', '--batch', batch);
    expect(run.code, run.stderr).toBe(0);
    const answers = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { query: string; results: { id: string }[] });
    expect(answers.map((answer) => answer.query)).toEqual(queries);
    expect(answers.every((answer) => answer.results.length <= 1)).toBe(true);
    expect(answers[0]!.results).toHaveLength(1);
    expect(answers[2]!.results[0]!.id).toBe('number-portability');

    const filtered = cli('handbook', 'search', '--db', store, '--json', '--category', '移动业务', '--batch', batch);
    const broadband = JSON.parse(filtered.stdout.trim().split('\n')[0]!) as { results: { category: string }[] };
    expect(broadband.results.every((hit) => hit.category.startsWith('移动业务'))).toBe(true);
  });

  it('search --limit above the documented maximum is refused with a clear error and exit 2', () => {
    const run = cli('handbook', 'search', '--db', store, '--json', '--limit', '1001', '宽带');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--limit is at most 1000');
    expect(run.stdout).toBe('');
  });

  it('search of a store that does not exist says so and exits 2', () => {
    expect(cli('handbook', 'search', '--db', path.join(work, 'nope.db'), '宽带').code).toBe(2);
    expect(existsSync(path.join(work, 'nope.db'))).toBe(false);
  });

  it('export writes the same format back, which imports again without a problem', () => {
    const out = path.join(work, 'exported');
    const run = cli('handbook', 'export', out, '--db', store);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/exported \d+ article\(s\) and [1-9]\d* picture\/audio file\(s\)/);
    const exported = readFileSync(path.join(out, '宽带业务', '故障报修', 'broadband-fault-report.md'), 'utf8');
    expect(exported).toMatch(/\]\(audio\/[0-9a-f]{16}\.ogg\)/);
    const again = cli('handbook', 'import', out, '--db', path.join(work, 'again.db'));
    expect(again.code, again.stderr).toBe(0);
  });

  it('publish puts articles and their pictures/audio into the central database, once', async () => {
    const central = path.join(work, 'central.db');
    const first = admin('handbook', 'publish', SEEDS, '--db', central);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/published \d+ article\(s\) and \d+ new picture\/audio file\(s\); 0 unchanged/);

    const storage = new SqliteStorage(central);
    const fault = (await storage.getDocument('handbook', 'broadband-fault-report'))!.data as HandbookArticle;
    const hashes = [...fault.body.matchAll(/\/asset\/([0-9a-f]{64})/g)].map((match) => match[1]!);
    expect(hashes).toHaveLength(2);
    for (const hash of hashes) {
      const asset = (await storage.getDocument('assets', hash))!.data as { base64: string; mime: string };
      expect(sha256Hex(Buffer.from(asset.base64, 'base64'))).toBe(hash);
    }
    await storage.close();

    const again = admin('handbook', 'publish', SEEDS, '--db', central);
    expect(again.stdout).toMatch(/published 0 article\(s\) and 0 new picture\/audio file\(s\); \d+ unchanged/);

    const changed = path.join(work, 'changed');
    cpSync(SEEDS, changed, { recursive: true });
    const file = path.join(changed, '宽带业务', 'broadband-fault-report.md');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n新增一段。\n`);
    expect(admin('handbook', 'publish', changed, '--db', central).stdout).toMatch(/published 1 article\(s\)/);
    const reopened = new SqliteStorage(central);
    expect(((await reopened.getDocument('handbook', 'broadband-fault-report'))!.data as HandbookArticle).version).toBe(2);
    await reopened.close();
  });
});
