import type { AgentRecord, TokenState } from './storage.js';

/** An `agents` row as either database returns it (SQLite stores booleans as 0/1). */
export interface AgentRow {
  id: string;
  name: string;
  team: string;
  role: AgentRecord['role'];
  password_hash: string;
  disabled: boolean | number;
  token_version: number;
}

export const toAgent = (row: AgentRow): AgentRecord => ({
  id: row.id,
  name: row.name,
  team: row.team,
  role: row.role,
  passwordHash: row.password_hash,
  disabled: row.disabled === true || row.disabled === 1,
  tokenVersion: row.token_version,
});

export const toTokenState = (row: Pick<AgentRow, 'token_version' | 'disabled'>): TokenState => ({
  tokenVersion: row.token_version,
  disabled: row.disabled === true || row.disabled === 1,
});
