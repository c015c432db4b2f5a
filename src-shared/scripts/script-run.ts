import type { ComplianceRecord } from './compliance.js';
import type { Script, ScriptStep } from './script-schema.js';

// The progress of one script during one call, as a pure state machine: the renderer's store holds
// it, training scores it, tests drive it without a UI. Every transition takes the time explicitly.

export interface ScriptRunState {
  script: Script;
  currentStepId: string;
  startedAt: string;
  done: Record<string, string>;
  branches: { stepId: string; branchId: string; label: string; at: string }[];
  said: { stepId: string; phrase: number; at: string }[];
  riskAcks: Record<string, string>;
  /** Steps the agent has been on, in order (a jump back adds the step again). */
  visited: string[];
}

export type Move = { ok: true; state: ScriptRunState } | { ok: false; reason: 'risk-unacknowledged' | 'choose-branch' | 'end-of-script' | 'no-such-step' | 'no-such-branch' };

export const stepOf = (script: Script, stepId: string): ScriptStep => {
  const step = script.steps.find((candidate) => candidate.id === stepId);
  if (!step) throw new Error(`Script ${script.id} has no step ${stepId}`);
  return step;
};

export const hasRisk = (step: ScriptStep) => step.markers.some((marker) => marker.kind === 'risk');

export function startRun(script: Script, at: Date): ScriptRunState {
  const first = script.steps[0]!.id;
  return { script, currentStepId: first, startedAt: at.toISOString(), done: {}, branches: [], said: [], riskAcks: {}, visited: [first] };
}

export const currentStep = (state: ScriptRunState): ScriptStep => stepOf(state.script, state.currentStepId);

/** A step with a risk point cannot be left until the agent has acknowledged it. */
export const isBlockedByRisk = (state: ScriptRunState): boolean => hasRisk(currentStep(state)) && !state.riskAcks[state.currentStepId];

export function acknowledgeRisk(state: ScriptRunState, at: Date): ScriptRunState {
  if (!hasRisk(currentStep(state)) || state.riskAcks[state.currentStepId]) return state;
  return { ...state, riskAcks: { ...state.riskAcks, [state.currentStepId]: at.toISOString() } };
}

export function markSaid(state: ScriptRunState, phrase: number, at: Date): ScriptRunState {
  const step = currentStep(state);
  if (phrase < 0 || phrase >= step.phrases.length) return state;
  if (state.said.some((entry) => entry.stepId === step.id && entry.phrase === phrase)) return state;
  return { ...state, said: [...state.said, { stepId: step.id, phrase, at: at.toISOString() }] };
}

/** Marks the current step done and moves along `next`. Steps with branches need `choose` instead. */
export function advance(state: ScriptRunState, at: Date): Move {
  const step = currentStep(state);
  if (isBlockedByRisk(state)) return { ok: false, reason: 'risk-unacknowledged' };
  if (step.branches.length > 0) return { ok: false, reason: 'choose-branch' };
  const finished = markDone(state, step.id, at);
  if (!step.next) return { ok: true, state: finished };
  return { ok: true, state: moveTo(finished, step.next) };
}

export function choose(state: ScriptRunState, branchId: string, at: Date): Move {
  const step = currentStep(state);
  const branch = step.branches.find((candidate) => candidate.id === branchId);
  if (!branch) return { ok: false, reason: 'no-such-branch' };
  if (isBlockedByRisk(state)) return { ok: false, reason: 'risk-unacknowledged' };
  const finished = markDone(state, step.id, at);
  const withBranch = { ...finished, branches: [...finished.branches, { stepId: step.id, branchId, label: branch.label, at: at.toISOString() }] };
  return { ok: true, state: moveTo(withBranch, branch.next) };
}

/**
 * Moves to any step without marking the current one done (an agent clicking a step, a trainer
 * jumping). `force` (trainer) ignores an unacknowledged risk point; an agent cannot slip past one.
 */
export function jumpTo(state: ScriptRunState, stepId: string, options: { force?: boolean } = {}): Move {
  if (!state.script.steps.some((step) => step.id === stepId)) return { ok: false, reason: 'no-such-step' };
  if (!options.force && stepId !== state.currentStepId && isBlockedByRisk(state)) return { ok: false, reason: 'risk-unacknowledged' };
  return { ok: true, state: moveTo(state, stepId) };
}

/**
 * The route the call is on: from the first step along chosen branches and `next`, stopping at a
 * step whose branch is not chosen yet. Steps off the route (other branches) are not owed.
 */
export function plannedRoute(state: ScriptRunState): ScriptStep[] {
  const route: ScriptStep[] = [];
  const seen = new Set<string>();
  let step: ScriptStep | undefined = state.script.steps[0];
  while (step && !seen.has(step.id)) {
    route.push(step);
    seen.add(step.id);
    const chosen = [...state.branches].reverse().find((branch) => branch.stepId === step!.id);
    const nextId: string | undefined = chosen ? stepOf(state.script, step.id).branches.find((b) => b.id === chosen.branchId)?.next : step.branches.length === 0 ? step.next : undefined;
    step = nextId ? stepOf(state.script, nextId) : undefined;
  }
  return route;
}

/** Required steps on the planned route that are not done. */
export const openRequiredSteps = (state: ScriptRunState): ScriptStep[] => plannedRoute(state).filter((step) => step.required && !state.done[step.id]);

export function complianceRecord(
  state: ScriptRunState,
  call: { callId: string; maskedNumber: string; endedAt: Date },
  skipReason: string | null,
): ComplianceRecord {
  const open = openRequiredSteps(state);
  const titleOf = (stepId: string) => stepOf(state.script, stepId).title;
  return {
    callId: call.callId,
    scriptId: state.script.id,
    scriptVersion: state.script.version,
    scriptTitle: state.script.title,
    maskedNumber: call.maskedNumber,
    startedAt: state.startedAt,
    endedAt: call.endedAt.toISOString(),
    stepsDone: Object.entries(state.done)
      .map(([stepId, at]) => ({ stepId, title: titleOf(stepId), at }))
      .sort((a, b) => a.at.localeCompare(b.at)),
    branchesTaken: state.branches.map((branch) => ({ ...branch, stepTitle: titleOf(branch.stepId) })),
    phrasesSaid: state.said,
    riskAcknowledgments: Object.entries(state.riskAcks).map(([stepId, at]) => ({ stepId, title: titleOf(stepId), at })),
    skippedRequired: skipReason ? open.map((step) => ({ stepId: step.id, title: step.title, reason: skipReason })) : [],
    openRequired: skipReason ? [] : open.map((step) => step.id),
  };
}

function markDone(state: ScriptRunState, stepId: string, at: Date): ScriptRunState {
  return { ...state, done: { ...state.done, [stepId]: state.done[stepId] ?? at.toISOString() } };
}

function moveTo(state: ScriptRunState, stepId: string): ScriptRunState {
  return { ...state, currentStepId: stepId, visited: [...state.visited, stepId] };
}
