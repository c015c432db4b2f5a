import { z } from 'zod';
import { Agent, AgentId } from '../domain/agent.js';
import { channel } from './define.js';

export const SessionInfo = z.object({
  agent: Agent,
  /** True when the login was verified against the cached credential because the server was unreachable. */
  offlineLogin: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const sessionChannels = {
  'session.login': channel(z.object({ agentId: AgentId, password: z.string().min(1, '请输入密码').max(200) }).strict(), SessionInfo),
  'session.logout': channel(z.object({}).strict(), z.object({})),
  'session.current': channel(z.object({}).strict(), SessionInfo.nullable()),
};
