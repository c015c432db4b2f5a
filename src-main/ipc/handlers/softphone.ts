import { reportAgentState } from '../../services/softphone/agent-state-reporter.js';
import { SipAccountService } from '../../services/softphone/sip-account.js';
import type { Workstation } from '../../services/workstation.js';
import type { Handlers } from '../dispatcher.js';

type SoftphoneChannel =
  | 'softphone.account'
  | 'softphone.credential'
  | 'softphone.setOverride'
  | 'softphone.reportState';

export const softphoneHandlers = (ws: Workstation): Pick<Handlers, SoftphoneChannel> => {
  const accounts = () => {
    const session = ws.requireSession();
    return new SipAccountService({ db: session.db, api: session.api, ensureSignedIn: session.ensureSignedIn, box: ws.secretBox, log: ws.options.log, allowSipServer: (wsUrl) => ws.settings.allowSipServer(wsUrl) });
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
  };
};
