import { AppFailure } from '../../../src-shared/result.js';
import { callHistory } from '../../services/calls/call-history.js';
import { annotateCall, callKpis, saveCall } from '../../services/calls/call-store.js';
import { screenPopFor } from '../../services/calls/screen-pop.js';
import { reportAgentState } from '../../services/softphone/agent-state-reporter.js';
import { SipAccountService } from '../../services/softphone/sip-account.js';
import type { Workstation } from '../../services/workstation.js';
import type { Handlers } from '../dispatcher.js';

type SoftphoneChannel =
  | 'softphone.account'
  | 'softphone.credential'
  | 'softphone.setOverride'
  | 'softphone.reportState'
  | 'calls.save'
  | 'calls.annotate'
  | 'calls.kpis'
  | 'calls.history'
  | 'calls.screenPop';

export const softphoneHandlers = (ws: Workstation): Pick<Handlers, SoftphoneChannel> => {
  const accounts = () => {
    const session = ws.requireSession();
    return new SipAccountService({ db: session.db, api: session.api, ensureSignedIn: session.ensureSignedIn, box: ws.secretBox, log: ws.options.log });
  };
  return {
    'softphone.account': ({ refresh }) => accounts().view(refresh),
    'softphone.credential': () => ({ password: accounts().credential() }),
    'softphone.setOverride': ({ override }) => accounts().setOverride(override),
    'softphone.reportState': (report) => {
      const session = ws.requireSession();
      // In training the states of the practice call stay in the sandbox: the team lead's wallboard
      // must not show a trainee "talking" to a simulated customer.
      return reportAgentState(session.db, session.api, session.agent.id, report, { sendNow: !ws.trainingStatus().active });
    },
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
  };
};
