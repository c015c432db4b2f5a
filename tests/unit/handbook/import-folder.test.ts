import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
    expect(report.imported).toBe(3);
    expect(allArticles(db).map((item) => item.id).sort()).toEqual(['fixture-good-fiber', 'fixture-good-roaming', 'fixture-script-body']);
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
        '移动业务/roaming-copy.md',
      ].sort(),
    );
    // YAML notices the unclosed list on the line after it (3 is the title line, 4 the next).
    expect(byFile['宽带业务/bad-front-matter.md']).toMatchObject({ line: 4, message: expect.stringContaining('YAML') });
    expect(byFile['宽带业务/missing-picture.md']).toMatchObject({ line: 11, message: expect.stringContaining('images/does-not-exist.png') });
    expect(byFile['投诉处理/huge.md']).toMatchObject({ line: 1, message: expect.stringContaining('file too large') });
    expect(byFile['投诉处理/missing-title.md']).toMatchObject({ message: expect.stringContaining('title') });
    expect(byFile['移动业务/roaming-copy.md']).toMatchObject({ line: 2, message: expect.stringContaining('移动业务/good-roaming.md') });
    // Its event handler and script link are only warnings; its missing picture x.png keeps it out.
    expect(report.problems.filter((problem) => problem.file === '投诉处理/event-handler.md')).toEqual([
      expect.objectContaining({ line: 10, message: expect.stringContaining('x.png') }),
    ]);
  });

  it('imports an article with raw HTML, sanitised, and warns by file and line (it is not refused)', () => {
    // Warnings are for imported files; a refused file is reported by its refusal.
    expect(report.warnings).toEqual([{ file: '投诉处理/script-body.md', line: 10, message: expect.stringContaining('<script>') }]);
    const script = openArticle(db, 'fixture-script-body');
    expect(script.body).toContain('第一行正常。');
    expect(script.body).not.toMatch(/script|alert/);
    expect(searchHandbook(db, '脚本').map((hit) => hit.id)).toEqual(['fixture-script-body']);
  });

  it('never leaves half an article: nothing of a skipped file is stored, not even its pictures', () => {
    expect(searchHandbook(db, '事件处理')).toEqual([]);
    expect(searchHandbook(db, '巨大文件')).toEqual([]);
    expect((db.prepare('SELECT count(*) AS n FROM handbook_assets').get() as { n: number }).n).toBe(1);
  });

  it('exports the same format back, pictures included, and it imports again unchanged', () => {
    const out = path.join(work, 'exported');
    expect(exportHandbookFolder(db, out)).toEqual({ exported: 3, assets: 1 });
    const again = memoryStore();
    const second = importHandbookFolder(again, out);
    expect(second.problems).toEqual([]);
    expect(second.warnings).toEqual([]);
    expect(allArticles(again)).toEqual(allArticles(db));
  });
});

describe('angle brackets and raw HTML in an article', () => {
  const dir = path.join(work, 'html');
  mkdirSync(path.join(dir, '宽带业务'), { recursive: true });
  writeFileSync(
    path.join(dir, '宽带业务', 'html.md'),
    [
      '---',
      'id: html-mix',
      'title: 提速说明',
      'category: 宽带业务',
      'updated: 2026-07-05',
      '---',
      '',
      '速率<10M 的用户可升级到 >100M，办理时说出 <套餐名>。',
      '分页符写作 <form-feed>，头文件 <stdio.h>。',
      '<p onclick="steal()">点击<b>这里</b>查看</p>',
      '',
      '[官网](javascript:alert(1)) 与 <a href="javascript:alert(2)">链接</a>',
      '<iframe src="https://example.com/x"></iframe>保留的文字',
    ].join('\n'),
  );
  const db = memoryStore();
  const report = importHandbookFolder(db, dir);

  it('imports it, keeps plain angle-bracket text as text, and warns for each removal by line', () => {
    expect(report.skipped).toEqual([]);
    expect(report.warnings.map(({ line, message }) => [line, message.replace(/ \(.*/, '')])).toEqual([
      [10, '已移除事件处理属性 onclick='],
      [12, '已移除 javascript:/data:text/html 链接'],
      [12, '已移除 javascript:/data:text/html 链接'],
      [13, '已移除 <iframe> 元素'],
    ]);
    const article = openArticle(db, 'html-mix');
    expect(article.body).not.toMatch(/onclick|javascript|iframe/);
    expect(article.html).toContain('速率&lt;10M 的用户可升级到 &gt;100M，办理时说出 &lt;套餐名&gt;');
    expect(article.html).toContain('&lt;form-feed&gt;');
    expect(article.html).toMatch(/<p>点击<b>这里<\/b>查看<\/p>/);
    for (const query of ['速率10M', '100M', '套餐名', 'form', '分页符写作', 'stdio', '点击这里查看', '官网', '链接', '保留的文字']) {
      expect(searchHandbook(db, query).map((hit) => hit.id), query).toEqual(['html-mix']);
    }
    expect(searchHandbook(db, 'steal')).toEqual([]);
  });
});

describe('the repository seed handbook', () => {
  it('imports without a single problem, with its picture and audio clip', () => {
    const db = memoryStore();
    const report = importHandbookFolder(db, path.join(REPO_ROOT, 'seeds/handbook'));
    expect(report.problems).toEqual([]);
    expect(report.warnings).toEqual([]);
    const fault = openArticle(db, 'broadband-fault-report');
    expect(fault.html).toMatch(/<audio controls[^>]*src="\/asset\/[0-9a-f]{64}"/);
    expect(fault.html).toMatch(/<img src="\/asset\/[0-9a-f]{64}"/);
  });
});
