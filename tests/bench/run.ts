// `npm run bench -- <suite> [args]`: each suite is tests/bench/<suite>.bench.ts exporting `run(args)`,
// which prints its figures. Targets are checked by a person reading them, not by timed tests.
const [suite, ...args] = process.argv.slice(2);
const suites = ['handbook', 'softphone', 'tickets', 'sync', 'scripts', 'at-rest'];
if (!suite || !suites.includes(suite)) {
  console.error(`usage: npm run bench -- <${suites.join('|')}> [options]`);
  process.exit(2);
}
const module = (await import(`./${suite}.bench.ts`)) as { run(args: string[]): Promise<void> };
await module.run(args);
