import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readScriptDir } from '../../src-node/content/content-dir.js';
import { saveArticle } from '../../src-main/services/handbook/handbook-store.js';
import { silentLogger } from '../../src-main/services/log.js';
import { listScripts, saveScript, saveScriptRun } from '../../src-main/services/scripts/script-store.js';
import { openStore } from '../../src-main/services/store/open-store.js';
import { loadScenarios } from '../../src-main/services/training/scenario-catalogue.js';
import { openTrainingSandbox } from '../../src-main/services/training/training-sandbox.js';
import { searchScripts } from '../../src-renderer/features/scripts/search.js';
import { advance, complianceRecord, startRun } from '../../src-shared/scripts/script-run.js';
import { REPO_ROOT } from '../support/processes.js';

// Figures for the script panel and training: search per keystroke, storing a compliance record at
// hang-up, entering training (sandbox with a copy of the content), loading the scenario catalogue.
// `npm run bench -- scripts [--articles 3000] [--scripts 2000]`

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const ms = (value: number) => `${value.toFixed(2)} ms`;
const time = (work: () => void) => {
  const started = performance.now();
  work();
  return performance.now() - started;
};

export async function run(args: string[]): Promise<void> {
  const option = (name: string, fallback: number) => Number(args[args.indexOf(`--${name}`) + 1] ?? fallback) || fallback;
  const articleCount = option('articles', 3000);
  const scriptCount = option('scripts', 2000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scripts-bench-'));
  try {
    const seeds = readScriptDir(path.join(REPO_ROOT, 'seeds/scripts')).items;
    const db = openStore(path.join(dir, 'agent-1001.db'));
    db.transaction(() => {
      for (let index = 0; index < scriptCount; index++) {
        const seed = seeds[index % seeds.length]!;
        saveScript(db, { ...seed, id: index < seeds.length ? seed.id : `${seed.id}-${index}`, title: index < seeds.length ? seed.title : `${seed.title}${index}` });
      }
      for (let index = 0; index < articleCount; index++) {
        saveArticle(db, {
          id: `article-${index}`,
          title: `宽带故障处理要点 ${index}`,
          category: '宽带业务/故障报修',
          keywords: ['宽带', '光猫'],
          synonyms: [],
          body: '客户来电反映宽带无法上网，核实身份后查看光猫指示灯，远程测试线路。'.repeat(30),
          version: 1,
          updated: '2026-10-01',
          status: 'published',
        });
      }
    })();

    const summaries = listScripts(db);
    const queries = ['k', 'kd', 'kdg', 'xhzw', '宽带', '携号', 'liuliang', '欠费', 'tjbh', 'zzz'];
    const searchTimes: number[] = [];
    for (let round = 0; round < 50; round++) for (const query of queries) searchTimes.push(time(() => searchScripts(summaries, query)));
    console.log(`script search over ${summaries.length} scripts, per keystroke: p50 ${ms(percentile(searchTimes, 50))}, p95 ${ms(percentile(searchTimes, 95))}, max ${ms(Math.max(...searchTimes))}`);

    const script = seeds.find((candidate) => candidate.id === 'broadband-fault')!;
    const saveTimes: number[] = [];
    for (let index = 0; index < 500; index++) {
      const moved = advance(startRun(script, new Date()), new Date());
      if (!moved.ok) throw new Error(moved.reason);
      const record = complianceRecord(moved.state, { callId: `call-${index}`, maskedNumber: '139****2345', endedAt: new Date() }, '客户挂机');
      saveTimes.push(time(() => saveScriptRun(db, record, `1398301${String(index).padStart(4, '0')}`)));
    }
    console.log(`compliance record + outbox at hang-up (500 calls): p50 ${ms(percentile(saveTimes, 50))}, p95 ${ms(percentile(saveTimes, 95))}`);

    const enterTimes: number[] = [];
    for (let round = 0; round < 5; round++) {
      let sandbox: ReturnType<typeof openTrainingSandbox> | undefined;
      enterTimes.push(time(() => (sandbox = openTrainingSandbox({ profileDir: dir, agentId: '1001', realDb: db, log: silentLogger, key: randomBytes(32) }))));
      sandbox!.db.close();
    }
    console.log(`enter training (fresh sandbox, copy ${articleCount} articles + ${scriptCount} scripts): p50 ${ms(percentile(enterTimes, 50))}, max ${ms(Math.max(...enterTimes))}`);

    const catalogueTimes: number[] = [];
    for (let round = 0; round < 10; round++) catalogueTimes.push(time(() => loadScenarios(db)));
    console.log(`training scenario catalogue (read + validate + cross-check): p50 ${ms(percentile(catalogueTimes, 50))}`);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
