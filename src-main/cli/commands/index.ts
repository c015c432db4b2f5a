import type { CliCommand } from '../command.js';
import { scriptCommands } from './scripts.js';

// Each feature adds its commands here (one import and one spread per feature).
export const commands: CliCommand[] = [...scriptCommands];
