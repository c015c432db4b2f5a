import { z } from 'zod';

export const AgentRole = z.enum(['agent', 'teamlead', 'trainer', 'admin']);
export type AgentRole = z.infer<typeof AgentRole>;

/** 工号: digits and latin letters, as printed on a badge. */
export const AgentId = z.string().trim().regex(/^[A-Za-z0-9_-]{2,32}$/, '工号格式不正确');

export const Agent = z.object({
  id: AgentId,
  name: z.string().min(1).max(64),
  team: z.string().min(1).max(64),
  role: AgentRole,
});
export type Agent = z.infer<typeof Agent>;
