import { AppFailure } from '../../../src-shared/result.js';
import { callHistory } from '../../services/calls/call-history.js';
import { annotateCall, callKpis, saveCall } from '../../services/calls/call-store.js';
import { screenPopFor } from '../../services/calls/screen-pop.js';
import type { Workstation } from '../../services/workstation.js';
import type { Handlers } from '../dispatcher.js';

type CallChannel = 'calls.save' | 'calls.annotate' | 'calls.kpis' | 'calls.history' | 'calls.screenPop';

export const callHandlers = (ws: Workstation): Pick<Handlers, CallChannel> => ({
  'calls.save': (record) => {
    saveCall(ws.requireSession().db, record);
    return { id: record.id };
  },
  'calls.annotate': ({ id, ...annotation }) => {
    // A call is saved when it ends; a ticket made during the call is linked once it has.
    const updated = annotateCall(ws.requireSession().db, id, annotation);
    if (!updated) throw new AppFailure('NOT_FOUND', `No call ${id} in this profile`);
    return updated;
  },
  'calls.kpis': () => callKpis(ws.requireSession().db),
  'calls.history': ({ limit }) => callHistory(ws.requireSession().db, limit),
  'calls.screenPop': ({ number }) => {
    const session = ws.requireSession();
    return screenPopFor(session.db, number, session.agent.team);
  },
});
