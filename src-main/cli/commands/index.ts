import type { CliCommand } from '../command.js';
import { agentCommands } from './agents.js';
import { contentCommands } from './content.js';

// Each feature adds its commands here (one import and one spread per feature).
export const commands: CliCommand[] = [...agentCommands, ...contentCommands];
