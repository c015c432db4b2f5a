import { parseArgs } from 'node:util';
import { runFaultSeries } from './fault-series.js';

// `npm run test:faults -- --runs 1000 [--postgres] [--seed N] [--minutes M]`: the long randomized series.
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '50' }, postgres: { type: 'boolean', default: false }, seed: { type: 'string' }, minutes: { type: 'string' } },
});
const startedAt = Date.now();
const result = await runFaultSeries({
  runs: Number(values.runs),
  postgres: values.postgres,
  seed: values.seed ? Number(values.seed) : undefined,
  budgetMs: values.minutes ? Number(values.minutes) * 60_000 : undefined,
});
const minutes = ((Date.now() - startedAt) / 60_000).toFixed(1);
console.log(
  `${result.runs} runs in ${minutes} min on ${values.postgres ? 'two API processes + PostgreSQL' : 'one API process + SQLite'}: ` +
    `${result.failures.length} failed; ${result.writes} writes (${result.appliedMutations} mutations applied), ${result.clientKills} client kill -9, ${result.serverKills} server kills (incl. mid-transaction), proxy faults ${JSON.stringify(result.proxyFaults)}`,
);
process.exit(result.failures.length === 0 ? 0 : 1);
