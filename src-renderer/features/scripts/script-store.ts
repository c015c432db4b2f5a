import { create } from 'zustand';
import type { ComplianceRecord } from '../../../src-shared/scripts/compliance.js';
import { maskPhone } from '../../../src-shared/privacy/mask.js';
import type { ScriptSummary } from '../../../src-shared/scripts/script-schema.js';
import {
  acknowledgeRisk,
  advance,
  choose,
  complianceRecord,
  jumpTo,
  markSaid,
  openRequiredSteps,
  startRun,
  type Move,
  type ScriptRunState,
} from '../../../src-shared/scripts/script-run.js';
import type { AppError } from '../../../src-shared/result.js';
import { invoke, subscribe } from '../../platform/workstation.js';
import type { Line, LineCall } from '../../app/cross-feature.js';

export type ScriptNotice = 'risk-unacknowledged' | 'choose-branch' | 'copied' | 'end-of-script' | null;

interface ScriptRunStore {
  summaries: ScriptSummary[];
  /** The call the script follows (from whichever Line is attached). */
  call: LineCall | null;
  run: ScriptRunState | null;
  suggestedId: string | null;
  customerName: string | undefined;
  notice: ScriptNotice;
  /** Hanging up with required steps open asks once for a reason. */
  hangupPrompt: { callId: string; open: { id: string; title: string }[] } | null;
  lastSaved: ComplianceRecord | null;
  saveError: AppError | null;
  refreshSummaries(): Promise<void>;
  /** Follows a Line's calls; returns the function that stops following. */
  attachLine(line: Line): () => void;
  pick(scriptId: string): Promise<void>;
  advance(): void;
  choose(branchId: string): void;
  acknowledgeRisk(): void;
  markSaid(phrase: number): void;
  copied(phrase: number): void;
  jumpTo(stepId: string, options?: { force?: boolean }): void;
  resolveHangup(reason: string | null): Promise<void>;
  setCustomerName(name: string | undefined): void;
  /** Drops the call and its run without a record (training reset). */
  discard(): void;
}

export const useScriptRun = create<ScriptRunStore>((set, get) => {
  const apply = (move: Move) => {
    if (move.ok) set({ run: move.state, notice: null });
    else set({ notice: move.reason === 'risk-unacknowledged' || move.reason === 'choose-branch' ? move.reason : null });
  };

  async function save(call: LineCall, run: ScriptRunState, reason: string | null): Promise<void> {
    const record = complianceRecord(run, { callId: call.id, maskedNumber: maskPhone(call.remoteNumber), endedAt: new Date(call.endedAt ?? Date.now()) }, reason);
    const result = await invoke('scripts.saveRun', { record, callerNumber: call.remoteNumber });
    if (result.ok) set({ lastSaved: record, saveError: null, hangupPrompt: null, run: null });
    else set({ saveError: result.error });
  }

  async function onCall(call: LineCall): Promise<void> {
    const previous = get().call;
    const isNewAnswer = call.state === 'connected' && (previous?.id !== call.id || previous.answeredAt === undefined);
    set({ call });
    if (call.state === 'ringing' && previous?.id !== call.id) {
      set({ run: null, suggestedId: null, notice: null, lastSaved: null, hangupPrompt: null });
      return;
    }
    if (isNewAnswer) {
      // Answering shows the greeting: the caller's last script if there is one, else the picker.
      const suggestion = await invoke('scripts.suggest', { number: call.remoteNumber });
      const scriptId = suggestion.ok ? suggestion.value.scriptId : null;
      set({ suggestedId: scriptId });
      if (scriptId && !get().run) await get().pick(scriptId);
      return;
    }
    if (call.state === 'ended' && previous?.state !== 'ended') {
      const run = get().run;
      if (!run || call.answeredAt === undefined) return;
      const open = openRequiredSteps(run);
      if (open.length > 0) set({ hangupPrompt: { callId: call.id, open: open.map((step) => ({ id: step.id, title: step.title })) } });
      else await save(call, run, null);
    }
  }

  return {
    summaries: [],
    call: null,
    run: null,
    suggestedId: null,
    customerName: undefined,
    notice: null,
    hangupPrompt: null,
    lastSaved: null,
    saveError: null,
    async refreshSummaries() {
      const result = await invoke('scripts.list', {});
      if (result.ok) set({ summaries: result.value });
    },
    attachLine(line) {
      const stopCalls = line.on('call', (call) => void onCall(call));
      const stopChanges = subscribe('scripts.changed', () => void get().refreshSummaries());
      void get().refreshSummaries();
      return () => {
        stopCalls();
        stopChanges();
      };
    },
    async pick(scriptId) {
      const result = await invoke('scripts.get', { id: scriptId });
      if (result.ok) set({ run: startRun(result.value, new Date()), notice: null });
    },
    advance() {
      const run = get().run;
      if (!run) return;
      const move = advance(run, new Date());
      if (move.ok && move.state.currentStepId === run.currentStepId && !run.script.steps.find((step) => step.id === run.currentStepId)?.next) {
        set({ run: move.state, notice: 'end-of-script' });
        return;
      }
      apply(move);
    },
    choose(branchId) {
      const run = get().run;
      if (run) apply(choose(run, branchId, new Date()));
    },
    acknowledgeRisk() {
      const run = get().run;
      if (run) set({ run: acknowledgeRisk(run, new Date()), notice: null });
    },
    markSaid(phrase) {
      const run = get().run;
      if (run) set({ run: markSaid(run, phrase, new Date()) });
    },
    copied(phrase) {
      const run = get().run;
      if (run) set({ run: markSaid(run, phrase, new Date()), notice: 'copied' });
    },
    jumpTo(stepId, options) {
      const run = get().run;
      if (run) apply(jumpTo(run, stepId, options));
    },
    async resolveHangup(reason) {
      const { call, run, hangupPrompt } = get();
      if (!call || !run || !hangupPrompt) return;
      await save(call, run, reason && reason.trim() ? reason.trim() : null);
    },
    setCustomerName: (customerName) => set({ customerName }),
    discard: () => set({ call: null, run: null, suggestedId: null, notice: null, hangupPrompt: null, lastSaved: null, saveError: null }),
  };
});
