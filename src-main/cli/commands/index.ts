import type { CliCommand } from '../../../src-node/cli/command.js';
import { handbookCommands } from './handbook.js';
import { scriptCommands } from './scripts.js';

// Each feature adds its commands here (one import and one spread per feature).
export const commands: CliCommand[] = [...handbookCommands, ...scriptCommands];
