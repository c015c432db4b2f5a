/** One admin/dev CLI command: `npm run cli -- <group> <name> [args]`. */
export interface CliCommand {
  /** e.g. ['handbook', 'import'] */
  path: string[];
  summary: string;
  /** Returns the process exit code. Prints its own output. */
  run(args: string[]): Promise<number>;
}
