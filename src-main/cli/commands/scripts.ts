import path from 'node:path';
import { formatProblem } from '../../../src-shared/content-file.js';
import { defaultSeedsDir, readScenarioDir, readScriptDir } from '../../../src-node/content/content-dir.js';
import type { CliCommand } from '../../../src-node/cli/command.js';

/** `npm run cli -- scripts validate [dir]`: exit 1 and one line per problem (file:line  path  message). */
const validateScripts: CliCommand = {
  path: ['scripts', 'validate'],
  summary: 'Validate service scripts (JSON/YAML) in a folder; default seeds/scripts',
  async run(args) {
    const dir = path.resolve(args[0] ?? path.join(defaultSeedsDir(), 'scripts'));
    const { items, problems, files } = readScriptDir(dir);
    for (const problem of problems) console.error(formatProblem({ ...problem, file: path.relative(process.cwd(), problem.file) || problem.file }));
    console.log(`${files} files, ${items.length} valid scripts, ${problems.length} problems`);
    return problems.length === 0 ? 0 : 1;
  },
};

/** `npm run cli -- training validate [dir] [--scripts dir]`: scenarios, checked against the scripts they use. */
const validateTraining: CliCommand = {
  path: ['training', 'validate'],
  summary: 'Validate training scenarios (JSON) against the scripts; default seeds/training',
  async run(args) {
    const scriptsFlag = args.indexOf('--scripts');
    const scriptsDir = path.resolve(scriptsFlag >= 0 ? args[scriptsFlag + 1]! : path.join(defaultSeedsDir(), 'scripts'));
    const positional = args.filter((_, index) => index !== scriptsFlag && index !== scriptsFlag + 1);
    const dir = path.resolve(positional[0] ?? path.join(defaultSeedsDir(), 'training'));
    const scripts = readScriptDir(scriptsDir);
    const { items, problems, files } = readScenarioDir(dir, scripts.items);
    for (const problem of [...scripts.problems, ...problems]) console.error(formatProblem({ ...problem, file: path.relative(process.cwd(), problem.file) || problem.file }));
    console.log(`${files} files, ${items.length} valid scenarios, ${problems.length + scripts.problems.length} problems`);
    return problems.length + scripts.problems.length === 0 ? 0 : 1;
  },
};

export const scriptCommands: CliCommand[] = [validateScripts, validateTraining];
