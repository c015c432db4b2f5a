import { runCli } from '../../src-node/cli/command.js';
import { commands } from './commands/index.js';

// `npm run admin -- <group> <command> [options]`: a centre admin's commands on the central
// database (agent accounts, published content) and the seeds published into it.
process.exitCode = await runCli(commands, process.argv.slice(2));
