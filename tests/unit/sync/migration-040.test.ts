import { describe, expect, it } from 'vitest';
import { openStore, workstationMigrations } from '../../../src-main/services/store/open-store.js';

describe('migration 040_sync_engine', () => {
  it('adds the dead-letter and conflict lists and keeps every pending outbox entry of a store made before it', () => {
    const all = workstationMigrations();
    const before = all.filter((migration) => migration.version < 40);
    // A store as the build before 040 left it, with a write still waiting to be pushed.
    const db = openStore(':memory:', { migrations: before });
    db.prepare(`INSERT INTO outbox (mutation_id, collection, entity_id, op, payload, schema_version, created_at) VALUES ('m1', 'tickets', 'T-1', 'create', '{"baseRev":null,"patch":{"title":"x"}}', 1, '2026-11-01T00:00:00Z')`).run();
    const migration = all.find((m) => m.version === 40)!;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma('user_version = 40');
    })();
    expect(db.prepare('SELECT mutation_id FROM outbox').pluck().all()).toEqual(['m1']);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name LIKE 'sync_%' OR name = 'outbox_entity' ORDER BY name`).pluck().all();
    expect(tables).toEqual(['outbox_entity', 'sync_conflicts', 'sync_dead_letters', 'sync_state']);
    db.close();
  });
});
