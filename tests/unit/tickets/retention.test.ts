import { describe, expect, it } from 'vitest';
import { keptLocally, type RetentionFacts } from '../../../src-shared/tickets/retention.js';
import type { TicketStatus } from '../../../src-shared/tickets/workflow.js';

// The rule, with the expectations written as calendar days by hand (not from retentionCutoffs).
const NOW = new Date('2026-12-04T09:00:00.000Z');
const POLICY = { days: 30, mineDays: 180 };
const daysAgo = (days: number, extraMs = 0) => new Date(NOW.getTime() - days * 24 * 3600 * 1000 - extraMs).toISOString();
const ticket = (status: TicketStatus, updatedAt: string, mine = false): RetentionFacts => ({ status, updatedAt, mine });

describe('local retention: which tickets a team member keeps', () => {
  it.each([
    // status, last change, mine, kept
    ['closed', daysAgo(29), false, true],
    ['closed', daysAgo(30), false, true], // exactly at the cut-off: still kept
    ['closed', daysAgo(30, 1), false, false],
    ['resolved', daysAgo(31), false, false],
    ['closed', daysAgo(31), true, true],
    ['closed', daysAgo(180), true, true],
    ['closed', daysAgo(181), true, false],
    ['resolved', daysAgo(400), true, false],
  ] as const)('%s, changed %s, mine %s → kept %s', (status, updatedAt, mine, kept) => {
    expect(keptLocally(ticket(status, updatedAt, mine), POLICY, NOW)).toBe(kept);
  });

  it.each(['submitted', 'accepted', 'in_progress', 'waiting_customer', 'reopened', 'draft'] as const)('keeps a %s ticket however old: it is work in hand', (status) => {
    expect(keptLocally(ticket(status, daysAgo(3000)), POLICY, NOW)).toBe(true);
  });

  it('keeps a ticket whose last change cannot be read', () => {
    expect(keptLocally(ticket('closed', 'not a time'), POLICY, NOW)).toBe(true);
  });

  it('never keeps the agent\'s own tickets for less time than a colleague\'s', () => {
    const odd = { days: 60, mineDays: 10 };
    expect(keptLocally(ticket('closed', daysAgo(45), true), odd, NOW)).toBe(true);
    expect(keptLocally(ticket('closed', daysAgo(61), true), odd, NOW)).toBe(false);
  });
});
