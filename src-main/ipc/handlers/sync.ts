import type { Workstation } from '../../services/workstation.js';
import type { Handlers } from '../dispatcher.js';

type SyncChannel = 'sync.status' | 'sync.now' | 'sync.online' | 'sync.deadLetters' | 'sync.resubmit' | 'sync.discard' | 'sync.conflicts' | 'sync.resolve';

export const syncHandlers = (ws: Workstation): Pick<Handlers, SyncChannel> => ({
  'sync.status': () => ws.requireSession().sync.getStatus(),
  'sync.now': () => ws.requireSession().sync.syncNow(),
  'sync.online': () => {
    const { sync } = ws.requireSession();
    sync.notifyOnline();
    return sync.getStatus();
  },
  'sync.deadLetters': () => ws.requireSession().sync.listDeadLetters(),
  'sync.resubmit': ({ mutationId, patch }) => ws.requireSession().sync.resubmitDeadLetter(mutationId, patch),
  'sync.discard': ({ mutationId }) => ws.requireSession().sync.discardDeadLetter(mutationId),
  'sync.conflicts': () => ws.requireSession().sync.listConflicts(),
  'sync.resolve': ({ mutationId, choices }) => ws.requireSession().sync.resolveConflict(mutationId, choices),
});
