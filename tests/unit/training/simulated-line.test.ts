import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readScenarioDir, readScriptDir } from '../../../src-node/content/content-dir.js';
import type { LineCall } from '../../../src-renderer/features/softphone/line.js';
import { SimulatedLine } from '../../../src-renderer/features/softphone/simulated-line.js';
import { REPO_ROOT } from '../../support/processes.js';

const scripts = readScriptDir(path.join(REPO_ROOT, 'seeds/scripts')).items;
const scenarios = readScenarioDir(path.join(REPO_ROOT, 'seeds/training'), scripts).items;
const byId = (id: string) => scenarios.find((scenario) => scenario.id === id)!;

function listen(line: SimulatedLine) {
  const calls: LineCall[] = [];
  const said: string[] = [];
  const audio: (string | undefined)[] = [];
  line.on('call', (call) => calls.push(call));
  line.on('utterance', (utterance) => {
    said.push(utterance.text);
    audio.push(utterance.audioUrl);
  });
  return { calls, said, audio, last: () => calls.at(-1)! };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('a simulated caller on the training line', () => {
  it('rings, and after answering speaks its opening lines in turn', async () => {
    const line = new SimulatedLine(byId('false-arrears-angry'));
    const heard = listen(line);
    const call = line.ring();
    expect(heard.last()).toMatchObject({ state: 'ringing', direction: 'inbound', remoteNumber: '18996054321', remoteName: '陈丽' });
    await line.answer(call.id);
    expect(heard.last().state).toBe('connected');
    expect(heard.said).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    expect(heard.said).toEqual([expect.stringContaining('我从来没办过什么宽带')]);
    await vi.advanceTimersByTimeAsync(4000);
    expect(heard.said[1]).toContain('凭什么让我交');
  });

  it('reacts to the branch the agent takes, and only to that one', async () => {
    const line = new SimulatedLine(byId('false-arrears-angry'));
    const heard = listen(line);
    const call = line.ring();
    await line.answer(call.id);
    await vi.advanceTimersByTimeAsync(5000);
    line.agentAction({ kind: 'choice', stepId: 'verify', choiceId: 'own-account' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(heard.said.at(-1)).toContain('我要投诉到工信部');
    expect(heard.said.join()).not.toContain('肯定是有人拿我的身份证办的');
    line.agentAction({ kind: 'choice', stepId: 'verify', choiceId: 'own-account' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(heard.said.filter((text) => text.includes('工信部'))).toHaveLength(1);
  });

  it('the customer waits while the call is on hold or the trainer pauses', async () => {
    const line = new SimulatedLine(byId('broadband-fault-escalation'));
    const heard = listen(line);
    const call = line.ring();
    await line.answer(call.id);
    await line.hold(call.id, true);
    expect(heard.last().state).toBe('held');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(heard.said).toEqual([]);
    await line.hold(call.id, false);
    await vi.advanceTimersByTimeAsync(600);
    expect(heard.said).toHaveLength(1);

    line.agentAction({ kind: 'step', stepId: 'verify' });
    line.pause();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(heard.said).toHaveLength(1);
    line.resume();
    await vi.advanceTimersByTimeAsync(900);
    expect(heard.said[1]).toContain('龙湖时代天街');
  });

  it('mute and hang up change the call; pending lines are dropped after hang up', async () => {
    const line = new SimulatedLine(byId('broadband-fault-escalation'));
    const heard = listen(line);
    const call = line.ring();
    await line.answer(call.id);
    line.mute(call.id, true);
    expect(heard.last().muted).toBe(true);
    await line.hangup(call.id);
    expect(heard.last()).toMatchObject({ state: 'ended', endReason: 'local' });
    expect(heard.last().endedAt).toBeGreaterThanOrEqual(heard.last().answeredAt!);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(heard.said).toEqual([]);
  });

  it('plays clips where the scenario has them', async () => {
    const line = new SimulatedLine(byId('elderly-unknown-charge'), async (file) => `blob:test/${file}`);
    const heard = listen(line);
    await line.answer(line.ring().id);
    await vi.advanceTimersByTimeAsync(800);
    expect(heard.audio).toEqual(['blob:test/elderly-open.ogg']);
  });
});

describe('an elderly caller put on hold', () => {
  it('asks whether the agent is still there once the call is picked up again', async () => {
    vi.useFakeTimers();
    const line = new SimulatedLine(byId('elderly-unknown-charge'));
    const heard = listen(line);
    const call = line.ring();
    await line.answer(call.id);
    await vi.advanceTimersByTimeAsync(5000);
    await line.hold(call.id, true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(heard.said.join()).not.toContain('还在吗');
    await line.hold(call.id, false);
    await vi.advanceTimersByTimeAsync(300);
    expect(heard.said.at(-1)).toContain('姑娘你还在吗');
    vi.useRealTimers();
  });
});
