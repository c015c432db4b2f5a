import type { CliCommand } from './command.js';
import { commands } from './commands/index.js';

// `npm run cli -- <group> <command> [options]`; `npm run cli -- help` lists them.
const argv = process.argv.slice(2);

function find(all: CliCommand[]): { command: CliCommand; rest: string[] } | undefined {
  for (const command of all) {
    if (command.path.every((word, index) => argv[index] === word)) return { command, rest: argv.slice(command.path.length) };
  }
  return undefined;
}

const found = find(commands);
if (!found) {
  const known = commands.map((command) => `  ${command.path.join(' ').padEnd(24)} ${command.summary}`).join('\n');
  console.error(`${argv.length && argv[0] !== 'help' ? `Unknown command: ${argv.join(' ')}\n\n` : ''}Commands:\n${known}`);
  process.exit(argv.length && argv[0] !== 'help' ? 2 : 0);
}
process.exitCode = await found.command.run(found.rest);
