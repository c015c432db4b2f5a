import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src-main/services/sync/backoff.js';
import { AgentRateLimiter } from '../../../src-server/rate-limit.js';
import { createDecider, sameJson } from '../../../src-server/sync/decide.js';

describe('backoff after failures', () => {
  it('doubles from the base, never exceeds 60 s, and spreads clients between half and all of the ceiling', () => {
    expect(backoffDelay(1, 2_000, 60_000, () => 1)).toBe(2_000);
    expect(backoffDelay(3, 2_000, 60_000, () => 1)).toBe(8_000);
    expect(backoffDelay(30, 2_000, 60_000, () => 1)).toBe(60_000);
    expect(backoffDelay(30, 2_000, 60_000, () => 0)).toBe(30_000);
  });
});

describe('per-agent rate limit', () => {
  it('allows a burst, then refuses with 429 until tokens refill', () => {
    let now = 0;
    const limiter = new AgentRateLimiter({ perSecond: 2, burst: 3 }, () => now);
    for (let i = 0; i < 3; i++) limiter.take('1001');
    expect(() => limiter.take('1001')).toThrow(expect.objectContaining({ status: 429, code: 'RATE_LIMITED' }));
    limiter.take('1002'); // another agent has its own bucket
    now = 500;
    limiter.take('1001');
  });
});

const pusher = { clientId: 'ws-a', agentId: '1001', team: '宽带一组', role: 'agent' as const, name: '张敏' };

describe('merge rules', () => {
  const decide = createDecider(pusher);
  const current = {
    collection: 'tickets' as const,
    id: 'T',
    rev: 5,
    deleted: false,
    data: { status: 'open', phone: '1', notes: [] },
    fieldMeta: { status: { rev: 5, by: 'ws-b' }, phone: { rev: 2, by: 'ws-b' } },
    team: '宽带一组',
    owner: null,
  };
  const m = (op: 'update' | 'append', baseRev: number, patch: Record<string, unknown>) => ({ mutationId: '0193a000-0000-7000-8000-000000000000', collection: 'tickets' as const, id: 'T', baseRev, op, patch });

  it('takes a field nobody else touched since the base and flags one they did', () => {
    expect(decide(current, m('update', 3, { phone: '2' }))).toMatchObject({ status: 'applied', rev: 6 });
    expect(decide(current, m('update', 3, { status: 'closed' }))).toMatchObject({ status: 'conflict', result: { conflictFields: ['status'] } });
    expect(decide(current, m('update', 5, { status: 'closed' }))).toMatchObject({ status: 'applied' });
  });

  it('takes a field nobody ever wrote, whatever the base (a call record annotated with its ticket)', () => {
    expect(decide(current, m('update', 0, { ticketId: 'T-9' }))).toMatchObject({ status: 'applied', write: { data: { ticketId: 'T-9', status: 'open' } } });
  });

  it('never conflicts on appends', () => {
    expect(decide(current, m('append', 0, { notes: [{ text: 'x' }] }))).toMatchObject({ status: 'applied', write: { data: { notes: [{ text: 'x' }] } } });
  });

  it('compares JSON by value, not key order', () => {
    expect(sameJson({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  });
});

describe('agent state reports', () => {
  const decide = createDecider(pusher);
  const report = (status: string, at: string) => ({ mutationId: '0193a000-0000-7000-8000-000000000001', collection: 'agentState' as const, id: '1001', baseRev: null, op: 'update' as const, patch: { status, at } });
  const stored = (at: string, rev: number) => ({
    collection: 'agentState' as const,
    id: '1001',
    rev,
    deleted: false,
    data: { agentId: '1001', team: '宽带一组', status: 'talking', at },
    fieldMeta: {}, // written by the direct PUT: no field history, which the generic rules count as a change by someone else
    team: null,
    owner: '1001',
  });

  it('keeps the newest by the agent’s own clock and never conflicts, even 0.2 s apart', () => {
    expect(decide(stored('2026-11-23T08:00:00.000Z', 7), report('ready', '2026-11-23T08:00:00.200Z'))).toMatchObject({ status: 'applied', rev: 8, write: { data: { status: 'ready' } } });
    expect(decide(stored('2026-11-23T08:00:00.200Z', 8), report('talking', '2026-11-23T08:00:00.000Z'))).toEqual({ status: 'applied', rev: 8 });
    expect(decide(undefined, report('ready', '2026-11-23T08:00:00.000Z'))).toMatchObject({ status: 'applied', rev: 1 });
  });

  it('refuses a report that is not one, or for another agent', () => {
    expect(decide(undefined, { ...report('ready', 'yesterday'), patch: { status: 'ready', at: 'yesterday' } })).toMatchObject({ status: 'rejected', result: { error: { code: 'VALIDATION' } } });
    expect(decide(undefined, { ...report('ready', '2026-11-23T08:00:00.000Z'), id: '1002' })).toMatchObject({ status: 'rejected', result: { error: { code: 'FORBIDDEN' } } });
  });
});

describe('field paths in patches', () => {
  const decide = createDecider(pusher);
  const current = {
    collection: 'tickets' as const,
    id: 'T',
    rev: 3,
    deleted: false,
    data: { fields: { title: 'a', description: 'b' } },
    fieldMeta: { fields: { rev: 1, by: 'ws-a' }, 'fields.title': { rev: 3, by: 'ws-b' } },
    team: '宽带一组',
    owner: null,
  };
  const update = (patch: Record<string, unknown>) => ({ mutationId: '0193a000-0000-7000-8000-000000000002', collection: 'tickets' as const, id: 'T', baseRev: 1, op: 'update' as const, patch });

  it('merges a colleague’s field and ours; the same field or the whole form is a conflict', () => {
    expect(decide(current, update({ 'fields.description': 'c' }))).toMatchObject({ status: 'applied', write: { data: { fields: { title: 'a', description: 'c' } } } });
    expect(decide(current, update({ 'fields.title': 'z' }))).toMatchObject({ status: 'conflict', result: { conflictFields: ['fields.title'] } });
    expect(decide(current, update({ fields: { title: 'x', description: 'b' } }))).toMatchObject({ status: 'conflict', result: { conflictFields: ['fields'] } });
  });

  it('refuses paths that would reach an object prototype', () => {
    expect(decide(current, update({ 'fields.__proto__': { polluted: true } }))).toMatchObject({ status: 'rejected' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
