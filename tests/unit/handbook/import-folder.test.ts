import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportHandbookFolder, importHandbookFolder } from '../../../src-main/services/handbook/import-export.js';
import { allArticles, openArticle } from '../../../src-main/services/handbook/handbook-store.js';
import { searchHandbook } from '../../../src-main/services/handbook/search.js';
import { REPO_ROOT } from '../../support/processes.js';
import { memoryStore } from './store-helpers.js';

const FIXTURES = path.join(REPO_ROOT, 'tests/fixtures/handbook-broken');
const work = mkdtempSync(path.join(os.tmpdir(), 'handbook-import-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The broken fixture folder plus a 20 MB article generated here (never committed). */
function brokenFolder(): string {
  const dir = path.join(work, 'broken');
  cpSync(FIXTURES, dir, { recursive: true });
  const header = '---\nid: fixture-huge\ntitle: 巨大文件\ncategory: 投诉处理\nupdated: 2026-07-04\n---\n\n';
  writeFileSync(path.join(dir, '投诉处理', 'huge.md'), header + '大'.repeat(Math.ceil((20 * 1024 * 1024) / 3)));
  return dir;
}

describe('importing a folder with broken files', () => {
  const db = memoryStore();
  const report = importHandbookFolder(db, brokenFolder());

  it('imports the good articles with their pictures, in one go', () => {
    expect(report.imported).toBe(2);
    expect(allArticles(db).map((item) => item.id).sort()).toEqual(['fixture-good-fiber', 'fixture-good-roaming']);
    const fiber = openArticle(db, 'fixture-good-fiber');
    expect(fiber.body).toMatch(/!\[光猫指示灯\]\(\/asset\/[0-9a-f]{64}\)/);
    expect(fiber.html).toMatch(/<img src="\/asset\/[0-9a-f]{64}" alt="光猫指示灯" \/>/);
    expect(searchHandbook(db, '国际漫游').map((hit) => hit.id)).toEqual(['fixture-good-roaming']);
  });

  it('reports each bad file by file and line', () => {
    const byFile = Object.fromEntries(report.problems.map((problem) => [problem.file, problem]));
    expect(report.skipped.sort()).toEqual(
      [
        '宽带业务/bad-front-matter.md',
        '宽带业务/missing-picture.md',
        '投诉处理/event-handler.md',
        '投诉处理/huge.md',
        '投诉处理/missing-title.md',
        '投诉处理/script-body.md',
        '移动业务/roaming-copy.md',
      ].sort(),
    );
    // YAML notices the unclosed list on the line after it (3 is the title line, 4 the next).
    expect(byFile['宽带业务/bad-front-matter.md']).toMatchObject({ line: 4, message: expect.stringContaining('YAML') });
    expect(byFile['宽带业务/missing-picture.md']).toMatchObject({ line: 11, message: expect.stringContaining('images/does-not-exist.png') });
    expect(byFile['投诉处理/script-body.md']).toMatchObject({ line: 10, message: expect.stringContaining('<script>') });
    expect(byFile['投诉处理/huge.md']).toMatchObject({ line: 1, message: expect.stringContaining('file too large') });
    expect(byFile['投诉处理/missing-title.md']).toMatchObject({ message: expect.stringContaining('title') });
    expect(byFile['移动业务/roaming-copy.md']).toMatchObject({ line: 2, message: expect.stringContaining('移动业务/good-roaming.md') });
    const handlers = report.problems.filter((problem) => problem.file === '投诉处理/event-handler.md');
    expect(handlers.map((problem) => problem.line)).toEqual(expect.arrayContaining([10, 11]));
  });

  it('never leaves half an article: nothing of a skipped file is stored, not even its pictures', () => {
    expect(openArticle.length).toBeGreaterThan(0);
    expect(searchHandbook(db, '脚本')).toEqual([]);
    expect(searchHandbook(db, '巨大文件')).toEqual([]);
    expect((db.prepare('SELECT count(*) AS n FROM handbook_assets').get() as { n: number }).n).toBe(1);
  });

  it('exports the same format back, pictures included, and it imports again unchanged', () => {
    const out = path.join(work, 'exported');
    expect(exportHandbookFolder(db, out)).toEqual({ exported: 2, assets: 1 });
    const again = memoryStore();
    const second = importHandbookFolder(again, out);
    expect(second.problems).toEqual([]);
    expect(allArticles(again)).toEqual(allArticles(db));
  });
});

describe('the repository seed handbook', () => {
  it('imports without a single problem, with its picture and audio clip', () => {
    const db = memoryStore();
    const report = importHandbookFolder(db, path.join(REPO_ROOT, 'seeds/handbook'));
    expect(report.problems).toEqual([]);
    const fault = openArticle(db, 'broadband-fault-report');
    expect(fault.html).toMatch(/<audio controls[^>]*src="\/asset\/[0-9a-f]{64}"/);
    expect(fault.html).toMatch(/<img src="\/asset\/[0-9a-f]{64}"/);
  });
});
