import { describe, expect, it } from 'vitest';
import { allowedTransitions, canEscalate, canTransition, TRANSITIONS, TicketStatus } from '../../../src-shared/tickets/workflow.js';

describe('ticket workflow by role', () => {
  it('lets an agent take a ticket from submitted to resolved, but not close it', () => {
    expect(canTransition('submitted', 'accepted', 'agent')).toBe(true);
    expect(canTransition('accepted', 'in_progress', 'agent')).toBe(true);
    expect(canTransition('in_progress', 'waiting_customer', 'agent')).toBe(true);
    expect(canTransition('waiting_customer', 'resolved', 'agent')).toBe(true);
    expect(canTransition('resolved', 'closed', 'agent')).toBe(false);
    expect(canTransition('resolved', 'closed', 'teamlead')).toBe(true);
  });

  it('reopens: an agent a resolved ticket, only a supervisor a closed one', () => {
    expect(canTransition('resolved', 'reopened', 'agent')).toBe(true);
    expect(canTransition('closed', 'reopened', 'agent')).toBe(false);
    expect(canTransition('closed', 'reopened', 'admin')).toBe(true);
  });

  it('never skips backwards or lets a trainer change anything', () => {
    expect(canTransition('closed', 'submitted', 'admin')).toBe(false);
    expect(canTransition('in_progress', 'draft', 'agent')).toBe(false);
    for (const status of TicketStatus.options) expect(allowedTransitions(status, 'trainer')).toEqual([]);
  });

  it('every status can reach closed (no dead ends)', () => {
    for (const start of TicketStatus.options) {
      const seen = new Set([start]);
      const queue = [start];
      while (queue.length) {
        for (const move of TRANSITIONS[queue.shift()!]) {
          if (seen.has(move.to)) continue;
          seen.add(move.to);
          queue.push(move.to);
        }
      }
      expect(seen.has('closed'), start).toBe(true);
    }
  });

  it('escalates only upwards, level 3 only by a supervisor, only open tickets', () => {
    expect(canEscalate(0, 2, 'agent', 'submitted')).toBe(true);
    expect(canEscalate(2, 1, 'agent', 'in_progress')).toBe(false);
    expect(canEscalate(2, 3, 'agent', 'in_progress')).toBe(false);
    expect(canEscalate(2, 3, 'teamlead', 'in_progress')).toBe(true);
    expect(canEscalate(0, 2, 'agent', 'closed')).toBe(false);
    // Every ticket starts at 一级 with its first-contact owner: nobody escalates to it.
    expect(canEscalate(0, 1, 'agent', 'submitted')).toBe(false);
    expect(canEscalate(0, 1, 'teamlead', 'submitted')).toBe(false);
  });
});
