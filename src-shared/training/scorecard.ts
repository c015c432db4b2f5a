import type { ComplianceRecord } from '../scripts/compliance.js';
import type { Script } from '../scripts/script-schema.js';
import type { TrainingScenario } from './scenario-schema.js';
import { toCsv } from '../csv.js';

// The scorecard at the end of a training call. Pure: the same inputs give the same card, so a
// trainer can trust a replay and a test can check each part.

type FieldValue = string | number | string[];

/** What the trainee put in the ticket, as the ticket form reports it. */
export interface SubmittedTicket {
  type: string;
  fields: Record<string, FieldValue>;
}

export interface TicketCheck {
  expectedType: string;
  actualType: string | null;
  fields: { field: string; expected: FieldValue; actual: FieldValue | null; correct: boolean }[];
  correct: number;
  total: number;
}

export interface Scorecard {
  scenarioId: string;
  scenarioTitle: string;
  trainee: string;
  keyPoints: { id: string; label: string; hit: boolean }[];
  riskPoints: { stepId: string; text: string; acknowledged: boolean; at: string | null }[];
  ticket: TicketCheck | null;
  /** The script the trainee used, when it was not the scenario's (nothing on the script then counts). */
  wrongScript: string | null;
  handleSeconds: number;
  targetHandleSeconds: number;
  /** Points per part, each out of its rubric weight, and the total out of 100. */
  points: { keyPoints: number; riskPoints: number; ticket: number; handleTime: number; total: number };
  passed: boolean;
}

/** Compares expected ticket fields with the trainee's; text is compared ignoring spaces and case. */
export function compareTicket(expected: SubmittedTicket, actual: SubmittedTicket | null): TicketCheck {
  const fields = Object.entries(expected.fields).map(([field, value]) => {
    const given = actual && actual.type === expected.type ? (actual.fields[field] ?? null) : null;
    return { field, expected: value, actual: given, correct: given !== null && normalise(given) === normalise(value) };
  });
  const typeRight = actual?.type === expected.type;
  return {
    expectedType: expected.type,
    actualType: actual?.type ?? null,
    fields,
    // The type counts as one more item: a perfect form of the wrong type is still wrong.
    correct: (typeRight ? 1 : 0) + fields.filter((field) => field.correct).length,
    total: 1 + fields.length,
  };
}

/** `script` must be the scenario's own script (its risk points are the ones owed). */
export function scoreTrainingCall(input: {
  scenario: TrainingScenario;
  script: Script;
  /** null when the trainee never opened a script. */
  record: ComplianceRecord | null;
  ticket: SubmittedTicket | null;
  answeredAt: number;
  endedAt: number;
  trainee: string;
}): Scorecard {
  const { scenario, script } = input;
  // Step ids repeat across scripts (greeting, verify…): a run of another script must not score.
  const wrongScript = input.record && input.record.scriptId !== scenario.script ? input.record.scriptId : null;
  const record = input.record && !wrongScript ? input.record : { stepsDone: [], branchesTaken: [], riskAcknowledgments: [] };
  const done = new Set(record.stepsDone.map((step) => step.stepId));
  const keyPoints = scenario.expect.checkpoints.map((checkpoint) => ({
    id: checkpoint.id,
    label: checkpoint.label,
    hit: checkpoint.choice
      ? record.branchesTaken.some((branch) => branch.stepId === checkpoint.step && branch.branchId === checkpoint.choice)
      : done.has(checkpoint.step!),
  }));
  const acks = new Map(record.riskAcknowledgments.map((ack) => [ack.stepId, ack.at]));
  const riskPoints = scenario.expect.path.flatMap((stepId) => {
    const step = script.steps.find((candidate) => candidate.id === stepId);
    return (step?.markers ?? [])
      .filter((marker) => marker.kind === 'risk')
      .map((marker) => ({ stepId, text: marker.text, acknowledged: acks.has(stepId), at: acks.get(stepId) ?? null }));
  });
  const ticket = scenario.expect.ticket ? compareTicket(scenario.expect.ticket, input.ticket) : null;
  const handleSeconds = Math.max(0, Math.round((input.endedAt - input.answeredAt) / 1000));
  const target = scenario.expect.targetHandleSeconds;
  const rubric = scenario.rubric;
  const share = (hit: number, total: number) => (total === 0 ? 1 : hit / total);
  // Within target: full marks; beyond it, linearly down to zero at twice the target.
  const timeShare = handleSeconds <= target ? 1 : Math.max(0, 1 - (handleSeconds - target) / target);
  const points = {
    keyPoints: round(rubric.keyPoints * share(keyPoints.filter((point) => point.hit).length, keyPoints.length)),
    riskPoints: round(rubric.riskPoints * share(riskPoints.filter((point) => point.acknowledged).length, riskPoints.length)),
    ticket: round(rubric.ticket * (ticket ? share(ticket.correct, ticket.total) : 1)),
    handleTime: round(rubric.handleTime * timeShare),
    total: 0,
  };
  points.total = round(points.keyPoints + points.riskPoints + points.ticket + points.handleTime);
  return {
    scenarioId: scenario.id,
    scenarioTitle: scenario.title,
    trainee: input.trainee,
    keyPoints,
    riskPoints,
    ticket,
    wrongScript,
    handleSeconds,
    targetHandleSeconds: target,
    points,
    passed: points.total >= rubric.pass,
  };
}

/** The scorecard as CSV (one row per item), for the trainer's records and spreadsheets. */
export function scorecardCsv(card: Scorecard): string {
  const rows: string[][] = [['部分 section', '项目 item', '结果 result', '详情 detail']];
  for (const point of card.keyPoints) rows.push(['关键点 key point', point.label, point.hit ? '达成' : '未达成', '']);
  for (const point of card.riskPoints) rows.push(['风险点 risk point', point.text, point.acknowledged ? '已确认' : '未确认', point.at ?? '']);
  if (card.ticket) {
    rows.push(['工单 ticket', '类型 type', card.ticket.actualType === card.ticket.expectedType ? '正确' : '错误', `${card.ticket.expectedType} / ${card.ticket.actualType ?? '-'}`]);
    for (const field of card.ticket.fields) rows.push(['工单 ticket', field.field, field.correct ? '正确' : '错误', `${field.expected} / ${field.actual ?? '-'}`]);
  }
  rows.push(['处理时长 handle time', `${card.handleSeconds}s`, card.handleSeconds <= card.targetHandleSeconds ? '达标' : '超时', `目标 ${card.targetHandleSeconds}s`]);
  rows.push(['总分 total', String(card.points.total), card.passed ? '通过' : '未通过', `${card.scenarioTitle} · ${card.trainee}`]);
  return toCsv(rows);
}

// A multi-choice answer is right when it has the same options, in any order.
const normalise = (value: FieldValue) => (Array.isArray(value) ? [...value].sort().join(',') : String(value)).replace(/\s+/g, '').toLowerCase();
const round = (value: number) => Math.round(value * 10) / 10;
