import { runCli } from '../../src-node/cli/command.js';
import { commands } from './commands/index.js';

// `npm run cli -- <group> <command> [options]`: commands on this workstation's own files (the local
// store, content folders). Commands that write the central database are `npm run admin`.
process.exitCode = await runCli(commands, process.argv.slice(2));
