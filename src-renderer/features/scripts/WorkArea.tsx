import { useEffect, useState } from 'react';
import { useT } from '../../app/i18n/i18n.js';
import { useScriptRun } from './script-store.js';
import './scripts.css';
import { ScriptPanel } from './ScriptPanel.js';
import { CallHistory, TrainingEntry, useSoftphone } from '../../app/cross-feature.js';

type Tab = 'script' | 'history';

/** The centre of the workspace: the script that follows the call, and the call history. */
export function WorkArea() {
  const t = useT();
  const [tab, setTab] = useState<Tab>('script');
  const refreshSummaries = useScriptRun((state) => state.refreshSummaries);
  useEffect(() => void refreshSummaries(), [refreshSummaries]);
  useScriptFollowsSoftphone();
  return (
    <section className="pane work" aria-labelledby="work-heading">
      <h2 id="work-heading" className="visually-hidden">
        {t('work.heading')}
      </h2>
      <div role="tablist" className="tabs" aria-label={t('work.heading')}>
        <button type="button" role="tab" aria-selected={tab === 'script'} onClick={() => setTab('script')}>
          {t('scripts.tab')}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'history'} onClick={() => setTab('history')}>
          {t('history.tab')}
        </button>
        <span className="spacer" />
        <TrainingEntry />
      </div>
      <div role="tabpanel">{tab === 'script' ? <ScriptPanel /> : <CallHistory />}</div>
    </section>
  );
}

/** The script follows whatever line the call bar has: the SipLine, or the SimulatedLine while training. */
function useScriptFollowsSoftphone(): void {
  useEffect(() => {
    const attach = (line: ReturnType<typeof useSoftphone.getState>['line']) => (line ? useScriptRun.getState().attachLine(line) : undefined);
    let detach = attach(useSoftphone.getState().line);
    const stop = useSoftphone.subscribe((state, previous) => {
      if (state.line === previous.line) return;
      detach?.();
      detach = attach(state.line);
    });
    return () => {
      stop();
      detach?.();
    };
  }, []);
}
