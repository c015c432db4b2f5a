import { z } from 'zod';
import { Agent, AgentId } from '../domain/agent.js';

// Sync protocol v1 between a workstation and the central API. Both sides parse with these schemas.

export const LoginRequest = z.object({ agentId: AgentId, password: z.string().min(1).max(200) });
export const LoginResponse = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().int().positive(),
  agent: Agent,
});
export type LoginResponse = z.infer<typeof LoginResponse>;

export const RefreshRequest = z.object({ refreshToken: z.string().min(1) });

export const Collection = z.enum(['handbook', 'assets', 'scripts', 'forms', 'codes', 'tickets', 'calls', 'agentState', 'config']);
export type Collection = z.infer<typeof Collection>;

export const Change = z.object({
  collection: Collection,
  id: z.string(),
  rev: z.number().int().nonnegative(),
  deleted: z.boolean(),
  data: z.unknown().nullable(),
});
export type Change = z.infer<typeof Change>;

export const PullQuery = z.object({
  cursor: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});
export const PullResponse = z.object({
  changes: z.array(Change),
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  epoch: z.string(),
});
export type PullResponse = z.infer<typeof PullResponse>;

export const HealthResponse = z.object({ status: z.literal('ok'), epoch: z.string(), version: z.string() });

export const ApiError = z.object({ code: z.string(), message: z.string() });
