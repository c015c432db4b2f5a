import { create } from 'zustand';
import type { TrainingStatus } from '../../../src-shared/ipc/training.js';
import type { ComplianceRecord } from '../../../src-shared/scripts/compliance.js';
import type { Script } from '../../../src-shared/scripts/script-schema.js';
import type { ScenarioSummary, TrainingScenario } from '../../../src-shared/training/scenario-schema.js';
import { scoreTrainingCall, type Scorecard } from '../../../src-shared/training/scorecard.js';
import { logFailure } from '../../platform/log.js';
import { invoke, subscribe } from '../../platform/workstation.js';
import { useTicketLink } from '../../app/call-context.js';
import { SimulatedLine, useScriptRun, useSession, useSoftphone, type LineCall } from '../../app/cross-feature.js';

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
  /**
   * Ends the practice call and takes the simulated line off the call bar. A call still up is hung
   * up after the script run is discarded, so a reset leaves no compliance record and no scorecard,
   * and the softphone sees the call end (the agent state leaves "talking" as after a real call).
   */
  function teardown(): void {
    for (const stop of detach) stop();
    detach = [];
    const { line, call } = get();
    useScriptRun.getState().discard();
    if (line && call && call.state !== 'ended') void line.hangup(call.id);
    useScriptRun.getState().discard();
    if (line && useSoftphone.getState().line === line) useSoftphone.getState().setLine(null);
    void line?.dispose();
    while (blobUrls.length) URL.revokeObjectURL(blobUrls.pop()!);
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
      // Signing the training line out ends after-call work while the sandbox is still the store,
      // so the practice call's wrap-up is written there and never to the profile.
      await useSoftphone.getState().stop();
      useScriptRun.getState().setCustomerName(undefined);
      const result = await invoke('training.leave', {});
      if (result.ok) set({ status: result.value, scenario: null, script: null, presenter: false });
      await useScriptRun.getState().refreshSummaries();
      // Back on the profile store: the call bar registers the real line again (or none without an account).
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
      useScriptRun.getState().setCustomerName(scenario.caller.name);
      detach.push(
        line.on('call', (call) => {
          set({ call });
          // No script was opened on this call, so no record will come: score what there is.
          if (call.state === 'ended' && !useScriptRun.getState().run && !useScriptRun.getState().hangupPrompt) score(null);
        }),
      );
      detach.push(
        line.on('utterance', (utterance) => {
          set({ transcript: [...get().transcript, { at: Date.now(), who: 'customer', text: utterance.text }] });
          if (utterance.audioUrl) void playOnHeadset(utterance.audioUrl);
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
      // The simulated line goes behind the real call bar: it rings there, and answer, hold, mute,
      // DTMF and hang-up are the call bar's. The script panel follows it like any line (WorkArea).
      const softphone = useSoftphone.getState();
      softphone.setLine(line);
      void line.register().then(() => {
        // The trainee is taking this call: a not-ready or wrapping-up agent would refuse it with 486.
        useSoftphone.getState().goReady();
        line.ring();
      });
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

/** The customer's recorded voice, on the headset the agent chose for calls when the browser allows it. */
async function playOnHeadset(url: string): Promise<void> {
  const audio = new Audio(url) as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
  const output = useSoftphone.getState().devices.output;
  if (output && audio.setSinkId) await audio.setSinkId(output).catch(logFailure('training.audio', 'the chosen headset was refused; the clip plays on the default output'));
  await audio.play().catch(logFailure('training.audio', 'the customer clip did not play'));
}
