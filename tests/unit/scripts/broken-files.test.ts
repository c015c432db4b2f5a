import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scriptCommands } from '../../../src-main/cli/commands/scripts.js';
import { readScenarioDir, readScriptDir } from '../../../src-node/content/content-dir.js';
import { parseContentFile } from '../../../src-shared/content-file.js';
import { Script } from '../../../src-shared/scripts/script-schema.js';
import { TrainingScenario } from '../../../src-shared/training/scenario-schema.js';

const GOOD = `id: good-script
title: 示例话术
scenario: 测试/示例
version: 1
updated: 2026-10-01
steps:
  - id: greeting
    stage: greeting
    title: 开场问候
    phrases:
      - 您好，我是{agentId}号客服代表。
    next: closing
  - id: closing
    stage: closing
    title: 结束语
    phrases:
      - 再见！
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'scripts-broken-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('an author’s broken script files', () => {
  it('a step pointing nowhere is reported with the file, the path and the line', () => {
    const text = GOOD.replace('next: closing', 'next: nowhere');
    const parsed = parseContentFile('seeds/scripts/bad.yaml', text, Script);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([{ file: 'seeds/scripts/bad.yaml', path: 'steps.0.next', line: 12, message: expect.stringContaining('nowhere') }]);
  });

  it('a missing field and a wrong marker kind are each reported at their path', () => {
    const text = GOOD.replace('title: 示例话术\n', '').replace('    title: 结束语\n', '    title: 结束语\n    markers:\n      - { kind: danger, text: 很危险的一步 }\n');
    const parsed = parseContentFile('x.yaml', text, Script);
    if (parsed.ok) throw new Error('should fail');
    expect(parsed.problems.map((problem) => problem.path).sort()).toEqual(['steps.1.markers.0.kind', 'title']);
    expect(parsed.problems.find((problem) => problem.path === 'steps.1.markers.0.kind')!.line).toBe(16);
  });

  it('a YAML syntax error names the line', () => {
    const parsed = parseContentFile('x.yaml', 'id: a\nsteps: [\n  - oops: : :\n', Script);
    if (parsed.ok) throw new Error('should fail');
    expect(parsed.problems[0]!.message).toContain('YAML');
    expect(parsed.problems[0]!.line).toBeGreaterThan(1);
  });

  it('a training scenario with a broken trigger and weights that do not add up is reported precisely', () => {
    const scenario = {
      id: 'bad-scenario',
      title: '坏场景',
      difficulty: 'easy',
      summary: '测试',
      caller: { name: '张三', number: '13800000000', profile: '测试' },
      script: 'good-script',
      customer: [{ id: 'l1', text: '你好', when: { event: 'after', line: 'missing' } }],
      expect: { path: ['greeting'], checkpoints: [{ id: 'c1', label: '问候', step: 'greeting' }], targetHandleSeconds: 60 },
      rubric: { keyPoints: 50, riskPoints: 20, ticket: 20, handleTime: 20 },
    };
    const parsed = parseContentFile('bad.json', JSON.stringify(scenario, null, 2), TrainingScenario);
    if (parsed.ok) throw new Error('should fail');
    expect(parsed.problems.map((problem) => problem.path).sort()).toEqual(['customer', 'customer.0.when.line', 'rubric']);
    expect(parsed.problems.every((problem) => problem.file === 'bad.json' && problem.line !== undefined)).toBe(true);
  });

  it('a folder with one broken file still loads the good ones and reports the broken one', () => {
    writeFileSync(path.join(dir, 'good.yaml'), GOOD);
    writeFileSync(path.join(dir, 'broken.json'), '{ "id": "half", ');
    writeFileSync(path.join(dir, 'dup.yaml'), GOOD);
    const loaded = readScriptDir(dir);
    expect(loaded.items.map((script) => script.id)).toEqual(['good-script']);
    expect(loaded.problems.map((problem) => path.basename(problem.file))).toEqual(expect.arrayContaining(['broken.json', 'good.yaml']));
    expect(loaded.problems.find((problem) => problem.path === 'id')!.message).toContain('duplicate id');
  });

  it('a scenario whose script step does not exist is skipped with the path of the reference', () => {
    mkdirSync(path.join(dir, 'training'));
    const good = Script.parse((parseContentFile('g.yaml', GOOD, Script) as { value: unknown }).value);
    const scenario = {
      id: 'ref-scenario',
      title: '引用错误',
      difficulty: 'easy',
      summary: '测试',
      caller: { name: '张三', number: '13800000000', profile: '测试' },
      script: 'good-script',
      customer: [{ id: 'l1', text: '你好', when: { event: 'answered' } }, { id: 'l2', text: '嗯', when: { event: 'step', step: 'verify' } }],
      expect: { path: ['greeting', 'closing'], checkpoints: [{ id: 'c1', label: '问候', step: 'greeting' }], targetHandleSeconds: 60 },
      rubric: { keyPoints: 40, riskPoints: 20, ticket: 20, handleTime: 20 },
    };
    writeFileSync(path.join(dir, 'training', 'ref.json'), JSON.stringify(scenario));
    const loaded = readScenarioDir(path.join(dir, 'training'), [good]);
    expect(loaded.items).toEqual([]);
    expect(loaded.problems).toEqual([expect.objectContaining({ path: 'customer.1.when.step', message: expect.stringContaining('verify') })]);
  });

  it('`scripts validate` prints one line per problem and exits 1; a clean folder exits 0', async () => {
    const lines: string[] = [];
    const error = vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const validate = scriptCommands.find((command) => command.path.join(' ') === 'scripts validate')!;
    writeFileSync(path.join(dir, 'good.yaml'), GOOD);
    expect(await validate.run([dir])).toBe(0);
    writeFileSync(path.join(dir, 'bad.yaml'), GOOD.replace('id: good-script', 'id: bad-script').replace('next: closing', 'next: nowhere'));
    expect(await validate.run([dir])).toBe(1);
    error.mockRestore();
    log.mockRestore();
    expect(lines).toEqual([expect.stringMatching(/bad\.yaml:12 {2}steps\.0\.next {2}.*nowhere/)]);
  });
});
