import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, ESCALATION_LADDER, escalationDueTimes, type Deadline } from '../../../src-shared/tickets/escalation-ladder.js';
import { DEFAULT_SEEDS_DIR } from '../../../src-server/seed/load-seeds.js';

// The handbook article agents read (投诉三级升级机制) is the domain's word on who handles each level
// and within how long; the ladder in code must say the same, and no published form may say otherwise.

const article = readFileSync(path.join(DEFAULT_SEEDS_DIR, 'handbook/投诉处理/escalation-levels.md'), 'utf8');

/** The article's table row of a level: 级别 | 处理人 | 适用情形 | 时限. */
function articleRow(name: string): { handler: string; limits: string } {
  const line = article.split('\n').find((candidate) => candidate.startsWith(`| ${name} |`));
  if (!line) throw new Error(`the article has no row for ${name}`);
  const cells = line.split('|').map((cell) => cell.trim());
  return { handler: cells[2]!, limits: cells[4]! };
}

/** The deadlines a 时限 cell states, read from its Chinese wording. */
function limitsOf(text: string): { contact: Deadline | null; resolve: Deadline } {
  const number = (pattern: RegExp) => {
    const match = pattern.exec(text);
    return match ? Number(match[1]) : null;
  };
  const contactHours = number(/(\d+) 小时内联系/);
  const resolveHours = number(/(\d+) 小时内办结/) ?? number(/(\d+) 小时内$/);
  const resolveDays = number(/(\d+) 个工作日内办结/);
  const resolve = resolveDays !== null ? { workingDays: resolveDays } : resolveHours !== null ? { hours: resolveHours } : null;
  if (!resolve) throw new Error(`no resolution limit in "${text}"`);
  return { contact: contactHours === null ? null : { hours: contactHours }, resolve };
}

describe('the escalation ladder agrees with the handbook', () => {
  for (const rung of Object.values(ESCALATION_LADDER)) {
    it(`${rung.name.zh}: the same handler and the same time limits as the article`, () => {
      const row = articleRow(rung.name.zh);
      expect(rung.handler.zh).toBe(row.handler);
      expect({ contact: rung.contact, resolve: rung.resolve }).toEqual(limitsOf(row.limits));
    });
  }

  it('the short names are the ones on the article’s ladder picture', () => {
    const alt = /!\[([^\]]+)\]\(images\/escalation-ladder\.svg\)/.exec(article)?.[1] ?? '';
    for (const rung of Object.values(ESCALATION_LADDER)) expect(alt).toContain(`${rung.name.zh}${rung.short.zh}`);
  });

  it('no published form carries a ladder of its own', () => {
    const dir = path.join(DEFAULT_SEEDS_DIR, 'forms');
    const forms = readdirSync(dir).filter((name) => name.endsWith('.json'));
    expect(forms.length).toBeGreaterThan(0);
    for (const name of forms) expect(Object.keys(JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as object), name).not.toContain('escalation');
  });
});

describe('escalation due times', () => {
  it('二级: contact within 24 h, resolved within 48 h of the escalation', () => {
    expect(escalationDueTimes(2, '2026-11-23T09:00:00.000Z')).toEqual({ dueAt: '2026-11-24T09:00:00.000Z', resolveDueAt: '2026-11-25T09:00:00.000Z' });
  });

  it('三级: resolved within 5 working days, weekends skipped (dates read off a calendar)', () => {
    // Thursday 3 Dec 2026, 10:00 in Beijing: Fri 4, Mon 7, Tue 8, Wed 9, Thu 10.
    expect(escalationDueTimes(3, '2026-12-03T02:00:00.000Z')).toEqual({ dueAt: '2026-12-10T02:00:00.000Z', resolveDueAt: '2026-12-10T02:00:00.000Z' });
    // Saturday 5 Dec: Mon 7 … Fri 11.
    expect(addWorkingDays('2026-12-05T02:00:00.000Z', 5)).toBe('2026-12-11T02:00:00.000Z');
  });

  it('counts working days in China time, not in UTC', () => {
    // Sunday 6 Dec 20:00 UTC is Monday 7 Dec 04:00 in Beijing: Tue 8 … Mon 14 (Beijing), i.e. Sunday 13 Dec 20:00 UTC.
    expect(addWorkingDays('2026-12-06T20:00:00.000Z', 5)).toBe('2026-12-13T20:00:00.000Z');
  });
});
