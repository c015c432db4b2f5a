import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './processes.js';

const run = promisify(execFile);

// Each run is a fresh node with tsx compiling the entry on the fly: a second on a quiet machine,
// tens of seconds on a busy one. The limit only stops a hung process; it is not a timing check.
const ADMIN_CLI_TIMEOUT = 180_000;

/** The centre's admin CLI (`npm run admin -- …`) as a real process: another writer of the central database. */
export const runAdmin = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src-server/cli/main.ts'), ...args], { cwd: REPO_ROOT, timeout: ADMIN_CLI_TIMEOUT });
