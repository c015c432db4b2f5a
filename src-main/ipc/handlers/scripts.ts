import { getScript, getScriptRun, listScriptRuns, listScripts, saveScriptRun, suggestScript } from '../../services/scripts/script-store.js';
import type { Workstation } from '../../services/workstation.js';
import type { Handlers } from '../dispatcher.js';

type ScriptChannel = 'scripts.list' | 'scripts.get' | 'scripts.suggest' | 'scripts.saveRun' | 'scripts.run' | 'scripts.runs';

// Every handler reads the session's current store: the profile store, or the sandbox in training.
export const scriptHandlers = (ws: Workstation): Pick<Handlers, ScriptChannel> => ({
  'scripts.list': () => listScripts(ws.requireSession().db),
  'scripts.get': ({ id }) => getScript(ws.requireSession().db, id),
  'scripts.suggest': ({ number }) => ({ scriptId: suggestScript(ws.requireSession().db, number) }),
  'scripts.saveRun': ({ record, callerNumber }) => {
    saveScriptRun(ws.requireSession().db, record, callerNumber);
    return { callId: record.callId };
  },
  'scripts.run': ({ callId }) => getScriptRun(ws.requireSession().db, callId),
  'scripts.runs': ({ limit }) => listScriptRuns(ws.requireSession().db, limit),
});
