import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScenarioDir, readScriptDir } from '../../../src-node/content/content-dir.js';
import { acknowledgeRisk, advance, choose, complianceRecord, startRun, type Move, type ScriptRunState } from '../../../src-shared/scripts/script-run.js';
import { compareTicket, scorecardCsv, scoreTrainingCall } from '../../../src-shared/training/scorecard.js';
import { REPO_ROOT } from '../../support/processes.js';

const scripts = readScriptDir(path.join(REPO_ROOT, 'seeds/scripts')).items;
const scenarios = readScenarioDir(path.join(REPO_ROOT, 'seeds/training'), scripts).items;
const scenario = scenarios.find((candidate) => candidate.id === 'broadband-fault-escalation')!;
const script = scripts.find((candidate) => candidate.id === 'broadband-fault')!;
const at = (second: number) => new Date(Date.UTC(2026, 10, 23, 9, 0, second));
const ok = (move: Move): ScriptRunState => {
  if (!move.ok) throw new Error(move.reason);
  return move.state;
};

function escalatedRun(acknowledge: boolean): ScriptRunState {
  let run = startRun(script, at(0));
  for (let second = 1; second <= 4; second++) run = ok(advance(run, at(second)));
  run = ok(choose(run, 'still-down', at(5)));
  if (!acknowledge) return run;
  run = acknowledgeRisk(run, at(6));
  run = ok(choose(run, 'escalate', at(7)));
  for (let second = 8; second <= 10; second++) run = ok(advance(run, at(second)));
  return run;
}

describe('the training scorecard', () => {
  it('a ticket is compared field by field, ignoring spaces and case; the wrong type scores nothing', () => {
    const expected = { type: 'broadband-fault', fields: { category: '宽带无法上网', priority: '加急' } };
    expect(compareTicket(expected, { type: 'broadband-fault', fields: { category: ' 宽带无法上网 ', priority: '普通' } })).toMatchObject({ correct: 2, total: 3 });
    expect(compareTicket(expected, { type: 'complaint', fields: { category: '宽带无法上网', priority: '加急' } })).toMatchObject({ correct: 0, total: 3 });
  });

  it('a multi-choice field is right with the same options in any order', () => {
    const expected = { type: 'fault', fields: { symptoms: ['down', 'drop'] } };
    expect(compareTicket(expected, { type: 'fault', fields: { symptoms: ['drop', 'down'] } })).toMatchObject({ correct: 2, total: 2 });
    expect(compareTicket(expected, { type: 'fault', fields: { symptoms: ['down'] } })).toMatchObject({ correct: 1, total: 2 });
    expect(compareTicket(expected, null)).toMatchObject({ correct: 0, actualType: null });
  });

  it('a perfect call within the target time scores 100', () => {
    const record = complianceRecord(escalatedRun(true), { callId: 'c', maskedNumber: '', endedAt: at(11) }, null);
    const card = scoreTrainingCall({
      scenario,
      script,
      record,
      ticket: { type: 'fault', fields: { title: '宽带无法上网', faultService: 'broadband', lightStatus: 'los', symptoms: ['down'], priority: 'urgent' } },
      answeredAt: at(0).getTime(),
      endedAt: at(120).getTime(),
      trainee: '3001',
    });
    expect(card.keyPoints.every((point) => point.hit)).toBe(true);
    expect(card.riskPoints).toEqual([{ stepId: 'dispatch', text: expect.stringContaining('升级'), acknowledged: true, at: at(6).toISOString() }]);
    expect(card.points.total).toBe(100);
    expect(card.passed).toBe(true);
  });

  it('a call that stops before the risk, without a ticket and twice over time, fails with each part visible', () => {
    const record = complianceRecord(escalatedRun(false), { callId: 'c', maskedNumber: '', endedAt: at(11) }, '测试');
    const card = scoreTrainingCall({ scenario, script, record, ticket: null, answeredAt: 0, endedAt: 2 * scenario.expect.targetHandleSeconds * 1000, trainee: '1001' });
    expect(card.keyPoints.filter((point) => point.hit).map((point) => point.id)).toEqual(['verified', 'tested', 'restart']);
    expect(card.riskPoints[0]!.acknowledged).toBe(false);
    expect(card.points).toEqual({ keyPoints: 21, riskPoints: 0, ticket: 0, handleTime: 0, total: 21 });
    expect(card.passed).toBe(false);
    const csv = scorecardCsv(card);
    expect(csv.split('\r\n')[0]).toBe('部分 section,项目 item,结果 result,详情 detail');
    expect(csv).toContain('风险点 risk point,');
    expect(csv).toContain('总分 total,21,未通过');
  });

  it('a run of another script (same step ids) or no script at all scores no key or risk points', () => {
    const other = scripts.find((candidate) => candidate.id === 'broadband-slow')!;
    let run = startRun(other, at(0));
    run = ok(advance(run, at(1)));
    run = ok(advance(run, at(2)));
    const record = complianceRecord(run, { callId: 'c', maskedNumber: '', endedAt: at(3) }, null);
    const wrong = scoreTrainingCall({ scenario, script, record, ticket: null, answeredAt: 0, endedAt: 60_000, trainee: '1001' });
    expect(record.stepsDone.map((step) => step.stepId)).toContain('verify');
    expect(wrong.wrongScript).toBe('broadband-slow');
    expect(wrong.keyPoints.some((point) => point.hit)).toBe(false);
    expect(wrong.points).toMatchObject({ keyPoints: 0, riskPoints: 0, handleTime: 15 });
    const none = scoreTrainingCall({ scenario, script, record: null, ticket: null, answeredAt: 0, endedAt: 60_000, trainee: '1001' });
    expect(none).toMatchObject({ wrongScript: null, points: { keyPoints: 0, riskPoints: 0, ticket: 0, handleTime: 15, total: 15 }, passed: false });
  });
});
