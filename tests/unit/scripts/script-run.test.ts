import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScriptDir } from '../../../src-node/content/content-dir.js';
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
import { fillPlaceholders } from '../../../src-shared/scripts/placeholders.js';
import { maskPhone } from '../../../src-shared/privacy/mask.js';
import { REPO_ROOT } from '../../support/processes.js';

const scripts = new Map(readScriptDir(path.join(REPO_ROOT, 'seeds/scripts')).items.map((script) => [script.id, script]));
const arrears = scripts.get('false-arrears-complaint')!;
const at = (second: number) => new Date(Date.UTC(2026, 10, 23, 9, 0, second));
const moved = (move: Move): ScriptRunState => {
  if (!move.ok) throw new Error(`move refused: ${move.reason}`);
  return move.state;
};

describe('a script run during a call', () => {
  it('walks the steps in order and records what was said', () => {
    let run = startRun(arrears, at(0));
    expect(run.currentStepId).toBe('greeting');
    run = markSaid(run, 0, at(1));
    run = markSaid(run, 0, at(2));
    expect(run.said).toEqual([{ stepId: 'greeting', phrase: 0, at: at(1).toISOString() }]);
    run = moved(advance(run, at(3)));
    expect(run.currentStepId).toBe('soothe');
    expect(run.done.greeting).toBe(at(3).toISOString());
  });

  it('a risk point blocks moving on, by branch, by Enter or by clicking another step, until acknowledged', () => {
    let run = moved(advance(moved(advance(startRun(arrears, at(0)), at(1))), at(2)));
    expect(run.currentStepId).toBe('verify');
    expect(advance(run, at(3))).toEqual({ ok: false, reason: 'risk-unacknowledged' });
    expect(choose(run, 'impersonation', at(3))).toEqual({ ok: false, reason: 'risk-unacknowledged' });
    expect(jumpTo(run, 'confirm')).toEqual({ ok: false, reason: 'risk-unacknowledged' });
    run = acknowledgeRisk(run, at(4));
    expect(advance(run, at(5))).toEqual({ ok: false, reason: 'choose-branch' });
    run = moved(choose(run, 'impersonation', at(5)));
    expect(run.currentStepId).toBe('escalate');
    expect(run.riskAcks).toEqual({ verify: at(4).toISOString() });
  });

  it('a trainer can jump past a risk point; an agent cannot', () => {
    const run = moved(advance(moved(advance(startRun(arrears, at(0)), at(1))), at(2)));
    expect(moved(jumpTo(run, 'closing', { force: true })).currentStepId).toBe('closing');
  });

  it('required steps owed follow the branch taken, and the record carries reasons, branches and risk times', () => {
    let run = startRun(arrears, at(0));
    run = moved(advance(run, at(1)));
    run = moved(advance(run, at(2)));
    run = acknowledgeRisk(run, at(3));
    run = moved(choose(run, 'impersonation', at(4)));
    // explain-bill is on the other branch, so it is not owed.
    expect(openRequiredSteps(run).map((step) => step.id)).toEqual(['escalate', 'confirm', 'closing']);
    const record = complianceRecord(run, { callId: 'c-1', maskedNumber: maskPhone('18996054321'), endedAt: at(9) }, '客户挂机');
    expect(record.maskedNumber).toBe('189****4321');
    expect(record.stepsDone.map((step) => step.title)).toEqual(['开场问候', '倾听与致歉', '核实身份与开户信息']);
    expect(record.branchesTaken).toEqual([{ stepId: 'verify', stepTitle: '核实身份与开户信息', branchId: 'impersonation', label: '疑似冒名开户', at: at(4).toISOString() }]);
    expect(record.riskAcknowledgments).toEqual([{ stepId: 'verify', title: '核实身份与开户信息', at: at(3).toISOString() }]);
    expect(record.skippedRequired.map((skip) => [skip.stepId, skip.reason])).toEqual([
      ['escalate', '客户挂机'],
      ['confirm', '客户挂机'],
      ['closing', '客户挂机'],
    ]);
    const withoutReason = complianceRecord(run, { callId: 'c-1', maskedNumber: '', endedAt: at(9) }, null);
    expect(withoutReason.skippedRequired).toEqual([]);
    expect(withoutReason.openRequired).toEqual(['escalate', 'confirm', 'closing']);
  });

  it('phrases are filled from the call; an unknown value stays visible', () => {
    const context = { agentId: '1001', number: maskPhone('13983012345'), today: '2026年11月23日' };
    expect(fillPlaceholders('我是{agentId}号，您的号码{number}，{today}，{customerName}', context)).toBe('我是1001号，您的号码139****2345，2026年11月23日，{customerName}');
  });
});
