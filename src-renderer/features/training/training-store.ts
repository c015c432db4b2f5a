import { create } from 'zustand';
import type { TrainingStatus } from '../../../src-shared/ipc/training.js';
import type { ComplianceRecord } from '../../../src-shared/scripts/compliance.js';
import type { Script } from '../../../src-shared/scripts/script-schema.js';
import type { ScenarioSummary, TrainingScenario } from '../../../src-shared/training/scenario-schema.js';
import { scoreTrainingCall, type Scorecard } from '../../../src-shared/training/scorecard.js';
import { invoke, subscribe } from '../../ipc/workstation.js';
import { useScriptRun } from '../scripts/script-store.js';
import { useTicketLink } from '../scripts/ticket-link.js';
import { useSession } from '../session/session-store.js';
import { useSoftphone } from '../softphone/softphone-store.js';
import type { LineCall } from '../softphone/line.js';
import { SimulatedLine } from './simulated-line.js';

export interface TranscriptEntry {
  at: number;
  who: 'customer' | 'system';
  text: string;
}

interface TrainingState {
  status: TrainingStatus;
  scenarios: ScenarioSummary[];
  problems: { file: string; path: string; line?: number; message: string }[];
  scenario: TrainingScenario | null;
  script: Script | null;
  line: SimulatedLine | null;
  call: LineCall | null;
  transcript: TranscriptEntry[];
  paused: boolean;
  presenter: boolean;
  scorecard: Scorecard | null;
  load(): () => void;
  enter(): Promise<void>;
  leave(): Promise<void>;
  select(id: string): Promise<void>;
  start(): void;
  pause(): void;
  resume(): void;
  jump(stepId: string): void;
  reset(): void;
  setPresenter(on: boolean): void;
  closeScorecard(): void;
}

let detach: (() => void)[] = [];
const blobUrls: string[] = [];

/**
 * Training mode in the renderer: the sandbox switch (main swaps the store), the simulated caller
 * on a SimulatedLine, trainer controls, and the scorecard when the compliance record is saved.
 * The script panel follows the SimulatedLine exactly as it follows a real line.
 */
export const useTraining = create<TrainingState>((set, get) => {
  function teardown(): void {
    for (const stop of detach) stop();
    detach = [];
    void get().line?.dispose();
    while (blobUrls.length) URL.revokeObjectURL(blobUrls.pop()!);
    useScriptRun.getState().discard();
    useTicketLink.getState().clear();
    set({ line: null, call: null, transcript: [], paused: false, scorecard: null });
  }

  /** Scores the call that just ended; `record` is null when the trainee never opened a script. */
  function score(record: ComplianceRecord | null): void {
    const { scenario, script, call } = get();
    if (!scenario || !script || !call || (record && record.callId !== call.id) || call.answeredAt === undefined) return;
    const submitted = useTicketLink.getState().submitted;
    const scorecard = scoreTrainingCall({
      scenario,
      script,
      record,
      ticket: submitted && (submitted.callId === call.id || submitted.callId === null) ? submitted : null,
      answeredAt: call.answeredAt,
      endedAt: call.endedAt ?? Date.now(),
      trainee: useSession.getState().session?.agent.id ?? '',
    });
    set({ scorecard });
  }

  return {
    status: { active: false, sandboxFile: null },
    scenarios: [],
    problems: [],
    scenario: null,
    script: null,
    line: null,
    call: null,
    transcript: [],
    paused: false,
    presenter: false,
    scorecard: null,
    load() {
      void invoke('training.status', {}).then((result) => result.ok && set({ status: result.value }));
      return subscribe('training.changed', (status) => set({ status }));
    },
    async enter() {
      // The real line goes offline first: a customer's call must never land in the sandbox.
      await useSoftphone.getState().stop();
      const result = await invoke('training.enter', {});
      if (!result.ok) {
        void useSoftphone.getState().start();
        return;
      }
      set({ status: result.value });
      const list = await invoke('training.scenarios', {});
      if (list.ok) set({ scenarios: list.value.scenarios, problems: list.value.problems });
      await useScriptRun.getState().refreshSummaries();
    },
    async leave() {
      teardown();
      const result = await invoke('training.leave', {});
      if (result.ok) set({ status: result.value, scenario: null, script: null, presenter: false });
      await useScriptRun.getState().refreshSummaries();
      // Back on the profile store: the call bar registers the real line again.
      void useSoftphone.getState().start();
    },
    async select(id) {
      teardown();
      const scenario = await invoke('training.scenario', { id });
      if (!scenario.ok) return;
      const script = await invoke('scripts.get', { id: scenario.value.script });
      set({ scenario: scenario.value, script: script.ok ? script.value : null });
    },
    start() {
      const scenario = get().scenario;
      if (!scenario) return;
      teardown();
      const line = new SimulatedLine(scenario, async (file) => {
        const clip = await invoke('training.audio', { file });
        if (!clip.ok) return undefined;
        const bytes = Uint8Array.from(atob(clip.value.base64), (char) => char.charCodeAt(0));
        const url = URL.createObjectURL(new Blob([bytes], { type: clip.value.mime }));
        blobUrls.push(url);
        return url;
      });
      const scripts = useScriptRun.getState();
      scripts.setCustomerName(scenario.caller.name);
      detach.push(scripts.attachLine(line));
      detach.push(
        line.on('call', (call) => {
          set({ call });
          // No script was opened on this call, so no record will come: score what there is.
          if (call.state === 'ended' && !useScriptRun.getState().run) score(null);
        }),
      );
      detach.push(
        line.on('utterance', (utterance) => {
          set({ transcript: [...get().transcript, { at: Date.now(), who: 'customer', text: utterance.text }] });
          if (utterance.audioUrl) void new Audio(utterance.audioUrl).play().catch(() => undefined);
        }),
      );
      // The customer reacts to where the trainee is in the script and which branch they took.
      detach.push(
        useScriptRun.subscribe((state, previous) => {
          if (state.run && state.run.visited.length !== (previous.run?.visited.length ?? 0)) {
            line.agentAction({ kind: 'step', stepId: state.run.currentStepId });
          }
          if (state.run && state.run.branches.length > (previous.run?.branches.length ?? 0)) {
            const branch = state.run.branches.at(-1)!;
            line.agentAction({ kind: 'choice', stepId: branch.stepId, choiceId: branch.branchId });
          }
          if (state.lastSaved && state.lastSaved !== previous.lastSaved) score(state.lastSaved);
        }),
      );
      set({ line });
      void line.register().then(() => line.ring());
    },
    pause() {
      get().line?.pause();
      set({ paused: true });
    },
    resume() {
      get().line?.resume();
      set({ paused: false });
    },
    jump(stepId) {
      useScriptRun.getState().jumpTo(stepId, { force: true });
    },
    reset() {
      teardown();
    },
    setPresenter: (presenter) => set({ presenter }),
    closeScorecard: () => set({ scorecard: null }),
  };
});
