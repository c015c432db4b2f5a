import { describe, expect, it } from 'vitest';
import { runFaultSeries } from '../../faults/fault-series.js';

// The short randomized series CI runs on every change; `npm run test:faults -- --runs 1000` runs the long one.
describe('fault injection with real processes', () => {
  it('an agent’s writes survive a flaky network, kill -9 of the workstation and of the server: each exists once on the server with its latest content', async () => {
    const result = await runFaultSeries({ runs: 50, budgetMs: 15_000, log: (line) => console.log(line) });
    expect(result.failures).toEqual([]);
    expect(result.runs).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('two API processes on one PostgreSQL, a workstation on each: both end with the same tickets and notes as the server', async () => {
    const result = await runFaultSeries({ runs: 50, postgres: true, budgetMs: 8_000, log: (line) => console.log(line) });
    expect(result.failures).toEqual([]);
    expect(result.runs).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
