import type { CliCommand } from '../../../src-node/cli/command.js';
import { agentCommands } from './agents.js';
import { auditCommands } from './audit.js';
import { contentCommands } from './content.js';
import { handbookCommands } from './handbook.js';
import { ticketCommands } from './tickets.js';

// Each feature adds its commands here (one import and one spread per feature).
export const commands: CliCommand[] = [...agentCommands, ...auditCommands, ...contentCommands, ...handbookCommands, ...ticketCommands];
