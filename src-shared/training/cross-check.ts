import type { ContentProblem } from '../content-file.js';
import type { Script } from '../scripts/script-schema.js';
import type { TrainingScenario } from './scenario-schema.js';

/** Checks that a scenario's references (script, steps, choices) exist in the published scripts. */
export function crossCheckScenario(file: string, scenario: TrainingScenario, scripts: { get(id: string): Script | undefined }): ContentProblem[] {
  const script = scripts.get(scenario.script);
  if (!script) return [{ file, path: 'script', message: `没有 id 为 ${scenario.script} 的话术 (no such script)` }];
  const problems: ContentProblem[] = [];
  const steps = new Map(script.steps.map((step) => [step.id, step]));
  const checkStep = (path: string, stepId: string, choice?: string) => {
    const step = steps.get(stepId);
    if (!step) problems.push({ file, path, message: `话术 ${script.id} 没有步骤 ${stepId} (no such step)` });
    else if (choice !== undefined && !step.branches.some((branch) => branch.id === choice)) {
      problems.push({ file, path, message: `步骤 ${stepId} 没有分支 ${choice} (no such branch)` });
    }
  };
  scenario.expect.path.forEach((stepId, index) => checkStep(`expect.path.${index}`, stepId));
  scenario.expect.checkpoints.forEach((checkpoint, index) => checkStep(`expect.checkpoints.${index}.step`, checkpoint.step!, checkpoint.choice));
  scenario.customer.forEach((line, index) => {
    if (line.when.event === 'step') checkStep(`customer.${index}.when.step`, line.when.step);
    if (line.when.event === 'choice') checkStep(`customer.${index}.when.choice`, line.when.step, line.when.choice);
  });
  if (scenario.expect.ticket && script.ticket && scenario.expect.ticket.type !== script.ticket.type) {
    problems.push({ file, path: 'expect.ticket.type', message: `话术关联的工单类型是 ${script.ticket.type} (the script opens a ${script.ticket.type} ticket)` });
  }
  return problems;
}
