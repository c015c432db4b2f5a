import type { Workstation } from '../../services/workstation.js';
import type { Handlers } from '../dispatcher.js';

export const syncHandlers = (ws: Workstation): Pick<Handlers, 'sync.status' | 'sync.now'> => ({
  'sync.status': () => ws.requireSession().sync.getStatus(),
  'sync.now': () => ws.requireSession().sync.syncNow(),
});
