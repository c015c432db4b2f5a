import { CallBar } from '../features/softphone/CallBar.js';
import { HandbookPane } from '../features/handbook/HandbookPane.js';
import { SyncStatusBar } from '../features/sync/SyncStatusBar.js';
import { WorkArea } from '../features/scripts/WorkArea.js';
import { TrainingBar } from '../features/training/TrainingBar.js';
import { useSession } from '../features/session/session-store.js';
import { useT } from './i18n/i18n.js';
import { TicketsArea } from '../features/tickets/TicketsArea.js';
import { DemoLineOffer } from './DemoLineOffer.js';

/** The agent's screen: call bar on top; handbook, the call's script and tickets side by side; sync status below. */
export function Workspace() {
  const t = useT();
  const offlineLogin = useSession((state) => state.session?.offlineLogin);
  return (
    <div className="workspace">
      <CallBar lineOffer={<DemoLineOffer />} />
      <TrainingBar />
      {offlineLogin && <p className="banner">{t('login.offlineNotice')}</p>}
      <main className="panes">
        <HandbookPane />
        <WorkArea />
        <section className="pane tickets-pane" aria-label={t('tickets.paneLabel')}>
          <TicketsArea />
        </section>
      </main>
      <SyncStatusBar />
    </div>
  );
}
