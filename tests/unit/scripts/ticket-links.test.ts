import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScenarioDir, readScriptDir } from '../../../src-node/content/content-dir.js';
import { CodeTree, flattenCodeTree } from '../../../src-shared/tickets/codes.js';
import { validateField } from '../../../src-shared/tickets/form-engine.js';
import { FormSchema } from '../../../src-shared/tickets/form-schema.js';
import { REPO_ROOT } from '../../support/processes.js';

// A script's ticket link opens the real ticket form, and training scores the submitted form
// against the scenario's expected ticket: both must speak the forms' language (form type,
// field ids, option values, complaint codes), or the form opens half-empty and a correct
// trainee scores wrong.

const forms = readdirSync(path.join(REPO_ROOT, 'seeds/forms')).map((file) => FormSchema.parse(JSON.parse(readFileSync(path.join(REPO_ROOT, 'seeds/forms', file), 'utf8'))));
const codeTree = CodeTree.parse(JSON.parse(readFileSync(path.join(REPO_ROOT, 'seeds/complaint-codes.json'), 'utf8')));
const codeLeaves = { [codeTree.id]: new Set(flattenCodeTree(codeTree).map((leaf) => leaf.code)) };
const scripts = readScriptDir(path.join(REPO_ROOT, 'seeds/scripts')).items;
const scenarios = readScenarioDir(path.join(REPO_ROOT, 'seeds/training'), scripts).items;

/** Problems of one set of values against the form of `type`: unknown form or field, invalid value. */
function problems(type: string, values: Record<string, string | number | string[]>): string[] {
  const form = forms.find((candidate) => candidate.type === type);
  if (!form) return [`no form of type ${type}`];
  return Object.entries(values).flatMap(([fieldId, value]) => {
    const field = form.fields.find((candidate) => candidate.id === fieldId);
    if (!field) return [`${type} has no field ${fieldId}`];
    // Placeholders are filled from the call before the form sees them.
    const filled = typeof value === 'string' ? value.replace('{number}', '13983012345') : value;
    const issue = validateField(field, { ...values, [fieldId]: filled }, { type, now: new Date(), codeLeaves });
    return issue ? [`${type}.${fieldId}=${JSON.stringify(value)}: ${issue.message.en}`] : [];
  });
}

describe('ticket links in scripts and expected tickets in scenarios match the published forms', () => {
  it('every script ticket link names a form and pre-fills only its fields with valid values', () => {
    const linked = scripts.filter((script) => script.ticket);
    expect(linked.length).toBeGreaterThanOrEqual(15);
    for (const script of linked) expect(problems(script.ticket!.type, script.ticket!.fields), script.id).toEqual([]);
  });

  it('every scenario expects a ticket the trainee can actually submit on the form', () => {
    for (const scenario of scenarios) {
      const expected = scenario.expect.ticket;
      expect(expected, scenario.id).toBeDefined();
      expect(problems(expected!.type, expected!.fields), scenario.id).toEqual([]);
    }
  });

  it('a wrong field or option is reported', () => {
    expect(problems('fault', { priority: '加急', colour: 'red' })).toEqual([expect.stringContaining('fault.priority="加急"'), 'fault has no field colour']);
    expect(problems('billing-dispute', {})).toEqual(['no form of type billing-dispute']);
  });
});
