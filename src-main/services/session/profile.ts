import path from 'node:path';
import { existsSync } from 'node:fs';

/** One SQLite file per agent profile, so two agents sharing a PC never see each other's data. */
export const profileDbPath = (profileDir: string, agentId: string) => path.join(profileDir, `agent-${agentId}.db`);
export const profileExists = (profileDir: string, agentId: string) => existsSync(profileDbPath(profileDir, agentId));
