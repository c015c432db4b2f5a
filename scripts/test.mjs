// `npm test`: the whole suite, as CI runs it: OS dependencies, typecheck, lint, unit + integration, e2e.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { ensureNodeModules } from './ensure-node-modules.mjs';
import { ensureSystemDeps } from './system-deps.mjs';

ensureSystemDeps();
ensureNodeModules();
mkdirSync('test-results', { recursive: true });
const bin = (name) => `node_modules/.bin/${name}`;
const steps = [
  ['typecheck', bin('tsc'), ['-p', '.']],
  ['typecheck Node code (no DOM)', bin('tsc'), ['-p', 'tsconfig.node.json']],
  ['typecheck renderer (no Node)', bin('tsc'), ['-p', 'tsconfig.renderer.json']],
  ['typecheck src-shared (no DOM, no Node)', bin('tsc'), ['-p', 'tsconfig.shared.json']],
  ['lint', bin('eslint'), ['--max-warnings', '0', '.']],
  ['unit + integration', bin('vitest'), ['run', '--reporter=default', '--reporter=json', '--outputFile=test-results/vitest.json']],
  ['renderer build', bin('vite'), ['build', '--logLevel', 'warn']],
  ['e2e (Chromium)', bin('playwright'), ['test', '-c', 'tests/e2e/playwright.config.ts', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: path.resolve('test-results/playwright.json') }],
];

const failedSteps = [];
for (const [name, command, args, env] of steps) {
  console.log(`\n── ${name} ──`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`── ${name}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (result.status !== 0) failedSteps.push(name);
}

const counts = { passed: 0, failed: 0, skipped: 0 };
if (existsSync('test-results/vitest.json')) {
  const report = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  counts.passed += report.numPassedTests;
  counts.failed += report.numFailedTests;
  counts.skipped += report.numPendingTests + report.numTodoTests;
}
if (existsSync('test-results/playwright.json')) {
  const { stats } = JSON.parse(readFileSync('test-results/playwright.json', 'utf8'));
  counts.passed += stats.expected + stats.flaky;
  counts.failed += stats.unexpected;
  counts.skipped += stats.skipped;
}
if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join(', ')}`);
console.log(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);
