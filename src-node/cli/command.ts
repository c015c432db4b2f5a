import type { FileProblem } from '../content/read-folder.js';

/** One CLI command: `npm run cli -- <group> <name> [args]` (workstation) or `npm run admin -- …` (central API). */
export interface CliCommand {
  /** e.g. ['handbook', 'import'] */
  path: string[];
  summary: string;
  /** Returns the process exit code. Prints its own output. */
  run(args: string[]): Promise<number>;
}

/** Runs the command `argv` names; with none (or `help`) lists them. Returns the exit code. */
export async function runCli(commands: CliCommand[], argv: string[]): Promise<number> {
  const found = commands.find((command) => command.path.every((word, index) => argv[index] === word));
  if (found) return found.run(argv.slice(found.path.length));
  const known = commands.map((command) => `  ${command.path.join(' ').padEnd(24)} ${command.summary}`).join('\n');
  const unknown = argv.length > 0 && argv[0] !== 'help';
  console.error(`${unknown ? `Unknown command: ${argv.join(' ')}\n\n` : ''}Commands:\n${known}`);
  return unknown ? 2 : 0;
}

/** Refusals first, then what was imported with a change (sanitised HTML), each as file:line. */
export function printProblems(problems: FileProblem[], warnings: FileProblem[] = []): void {
  for (const problem of problems) console.error(`${problem.file}:${problem.line}: ${problem.message}`);
  for (const warning of warnings) console.error(`${warning.file}:${warning.line}: 警告 (warning): ${warning.message}`);
}

export function warningSummary(warnings: FileProblem[]): string {
  return warnings.length ? `; ${warnings.length} warning(s) in ${new Set(warnings.map((w) => w.file)).size} file(s)` : '';
}
