import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScenarioDir, readScriptDir } from '../../../src-node/content/content-dir.js';
import { REPO_ROOT } from '../../support/processes.js';

const scriptsDir = path.join(REPO_ROOT, 'seeds/scripts');
const trainingDir = path.join(REPO_ROOT, 'seeds/training');

describe('the seed content an author ships', () => {
  const scripts = readScriptDir(scriptsDir);

  it('every script file is valid, and there are at least 15 scenarios', () => {
    expect(scripts.problems).toEqual([]);
    expect(scripts.items.length).toBeGreaterThanOrEqual(15);
    expect(scripts.items.length).toBe(scripts.files);
    const titles = scripts.items.map((script) => script.title).join(' ');
    for (const scenario of ['携号转网', '宽带故障报修', '流量费争议', '虚假欠费', '停机保号', '补换卡', '5G', '国际漫游', '实名制', '不满意客户修复回访']) {
      expect(titles).toContain(scenario);
    }
  });

  it('every script runs from the greeting to a closing and marks its risks with an explanation', () => {
    for (const script of scripts.items) {
      expect(script.steps[0]!.stage, script.id).toBe('greeting');
      expect(script.steps.some((step) => step.stage === 'closing'), script.id).toBe(true);
      for (const marker of script.steps.flatMap((step) => step.markers)) expect(marker.text.length).toBeGreaterThan(4);
    }
    expect(scripts.items.filter((script) => script.steps.some((step) => step.markers.some((marker) => marker.kind === 'risk'))).length).toBeGreaterThanOrEqual(12);
  });

  it('every training scenario is valid against the scripts it uses, including the three required kinds', () => {
    const scenarios = readScenarioDir(trainingDir, scripts.items);
    expect(scenarios.problems).toEqual([]);
    expect(scenarios.items.length).toBeGreaterThanOrEqual(8);
    const ids = scenarios.items.map((scenario) => scenario.id);
    expect(ids).toEqual(expect.arrayContaining(['false-arrears-angry', 'broadband-fault-escalation', 'elderly-unknown-charge']));
    expect(scenarios.items.find((scenario) => scenario.id === 'false-arrears-angry')!.difficulty).toBe('hard');
    expect(scenarios.items.some((scenario) => scenario.customer.some((line) => line.audio))).toBe(true);
  });
});

describe('links from scripts into the handbook', () => {
  it('every linked article and category exists in the handbook seeds', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { parseArticleFile } = await import('../../../src-shared/handbook/markdown-file.js');
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        return statSync(full).isDirectory() ? walk(full) : name.endsWith('.md') ? [full] : [];
      });
    const articles = walk(path.join(REPO_ROOT, 'seeds/handbook')).flatMap((file) => {
      const parsed = parseArticleFile(readFileSync(file, 'utf8'));
      return parsed.ok ? [parsed.article] : [];
    });
    const ids = new Set(articles.map((article) => article.id));
    const categories = new Set(articles.map((article) => article.category));
    const missing: string[] = [];
    for (const script of readScriptDir(scriptsDir).items) {
      for (const id of [...script.handbookArticles, ...script.steps.flatMap((step) => (step.handbookArticle ? [step.handbookArticle] : []))]) {
        if (!ids.has(id)) missing.push(`${script.id} → article ${id}`);
      }
      for (const category of [...script.handbookCategories, script.scenario]) {
        if (!categories.has(category)) missing.push(`${script.id} → category ${category}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
