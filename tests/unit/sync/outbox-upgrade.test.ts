import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src-main/services/store/open-store.js';
import { readOutbox, toWireMutation, upgradeOutbox } from '../../../src-main/services/sync/outbox.js';

describe('outbox entries written by the first build', () => {
  it('a ticket note queued as `append {event}` is pushed as `append {events:[…]}`, other entries untouched', () => {
    const db = openStore(':memory:');
    const insert = db.prepare(`INSERT INTO outbox (mutation_id, collection, entity_id, op, payload, schema_version, created_at) VALUES (?, ?, ?, ?, ?, 1, '2026-11-01T00:00:00Z')`);
    const note = { id: 'e1', kind: 'note', at: '2026-11-01T00:00:00.000Z', actor: '1001', actorName: '张敏', actorRole: 'agent', note: '已回访' };
    insert.run('01934b7e-0000-7000-8000-000000000001', 'tickets', 'T-1', 'append', JSON.stringify({ baseRev: null, patch: { event: note } }));
    insert.run('01934b7e-0000-7000-8000-000000000002', 'tickets', 'T-1', 'update', JSON.stringify({ baseRev: 3, patch: { priority: 'high' } }));
    const deadLetters: string[] = [];
    expect(upgradeOutbox(db, (entry, _code, reason) => deadLetters.push(`${entry.mutationId}: ${reason}`))).toBe(2);
    expect(deadLetters).toEqual([]);
    const wire = readOutbox(db, 10).map((entry) => toWireMutation(entry));
    expect(wire.map((result) => result.ok && result.mutation.patch)).toEqual([{ events: [note] }, { priority: 'high' }]);
    db.close();
  });
});
