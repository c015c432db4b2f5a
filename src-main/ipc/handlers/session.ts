import type { Workstation } from '../../services/workstation.js';
import type { Handlers } from '../dispatcher.js';

export const sessionHandlers = (ws: Workstation): Pick<Handlers, 'session.login' | 'session.logout' | 'session.current'> => ({
  'session.login': async ({ agentId, password }) => (await ws.login(agentId, password)).info,
  'session.logout': async () => {
    await ws.logout();
    return {};
  },
  'session.current': () => ws.session?.info ?? null,
});
