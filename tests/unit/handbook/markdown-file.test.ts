import { describe, expect, it } from 'vitest';
import { formatArticleFile, parseArticleFile } from '../../../src-shared/handbook/markdown-file.js';
import { sanitiseBody } from '../../../src-node/content/sanitise-body.js';

const file = (front: string, body = '正文。') => `---\n${front}\n---\n\n${body}\n`;
const good = 'id: a1\ntitle: 标题\ncategory: 移动业务/携号转网\nkeywords: [携号转网, 10000]\nupdated: 2026-10-01';

describe('handbook Markdown files', () => {
  it('reads front matter and body, keeping numeric keywords as text', () => {
    const parsed = parseArticleFile(file(good));
    expect(parsed).toMatchObject({ ok: true, bodyStartLine: 8, article: { id: 'a1', keywords: ['携号转网', '10000'], status: 'published', version: 1 } });
  });

  it('round-trips through the export format', () => {
    const parsed = parseArticleFile(file(good, '## 标题\n\n- 一\n- 二'));
    if (!parsed.ok) throw new Error('expected ok');
    const again = parseArticleFile(formatArticleFile(parsed.article));
    expect(again.ok && again.article).toEqual(parsed.article);
  });

  const problems = (text: string) => {
    const parsed = parseArticleFile(text);
    return parsed.ok ? [] : parsed.problems;
  };

  it('reports a missing opening or closing --- on line 1', () => {
    expect(problems('id: x\n')).toEqual([{ line: 1, message: expect.stringContaining('---') }]);
    expect(problems('---\nid: x\n')).toEqual([{ line: 1, message: expect.stringContaining('not closed') }]);
  });

  it('reports YAML errors on their line of the file', () => {
    expect(problems('---\nid: x\ntitle: [oops\n---\nbody')[0]).toMatchObject({ line: expect.any(Number), message: expect.stringContaining('YAML') });
    expect(problems('---\nid: x\nid: y\ntitle: t\n---\nbody')[0]!.message).toContain('YAML');
  });

  it('reports a missing field, an unknown key and a bad date on their lines', () => {
    expect(problems(file('id: a1\ncategory: 分类\nupdated: 2026-10-01'))).toEqual([{ line: 1, message: expect.stringContaining('title') }]);
    expect(problems(file(`${good}\ntitel: 错字`))).toEqual([{ line: 7, message: expect.stringContaining('titel') }]);
    expect(problems(file(good.replace('2026-10-01', '昨天')))).toEqual([{ line: 6, message: expect.stringContaining('ISO') }]);
    expect(problems(file(good.replace('移动业务/携号转网', '移动业务//携号转网')))).toEqual([{ line: 4, message: expect.stringContaining('category') }]);
  });

  it('reads a body with raw HTML as an article: sanitising it is the importer\'s job, with warnings by line', () => {
    const body = '第一行\n<script>alert(1)</script>\n<img src="/asset/x" onerror="alert(1)">\n\n[点我](javascript:alert(1))\n<iframe src="https://x"></iframe>\n速率<10M，<form-feed> 与 <套餐名>';
    expect(problems(file(good, body))).toEqual([]);
    const sanitised = sanitiseBody(body);
    expect(sanitised.warnings.map((warning) => warning.line)).toEqual([2, 3, 5, 6]);
    expect(sanitised.warnings[0]!.message).toContain('<script>');
    expect(sanitised.warnings[1]!.message).toContain('onerror');
    expect(sanitised.warnings[2]!.message).toContain('javascript:');
    expect(sanitised.warnings[3]!.message).toContain('<iframe>');
    expect(sanitised.body).toBe('第一行\n\n<img src="/asset/x">\n\n点我\n\n速率<10M，<form-feed> 与 <套餐名>');
    expect(sanitiseBody('速率<10M，>100M，<form-feed>，<b>粗</b>')).toEqual({ body: '速率<10M，>100M，<form-feed>，<b>粗</b>', warnings: [] });
  });

  it('refuses an empty body and binary content', () => {
    expect(problems(file(good, ''))[0]!.message).toContain('正文为空');
    expect(problems(`---\n${good}\n---\n\u0000\u0001`)[0]!.message).toContain('binary');
  });
});
