import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openStore, schemaVersion, workstationMigrations } from '../../../src-main/services/store/open-store.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-migration-030-'));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('migration 030 adds the ticket tables to a store made before it, keeping its pending outbox', () => {
  const file = path.join(dir, 'agent-1001.db');
  const before = openStore(file, { migrations: workstationMigrations().filter((migration) => migration.version < 30) });
  before
    .prepare(`INSERT INTO outbox (mutation_id, collection, entity_id, op, payload, created_at) VALUES ('m1', 'tickets', 't1', 'create', '{}', '2026-11-23T08:00:00Z')`)
    .run();
  before.close();

  const after = openStore(file);
  expect(schemaVersion(after)).toBeGreaterThanOrEqual(30);
  expect(after.prepare('SELECT entity_id FROM outbox').pluck().all()).toEqual(['t1']);
  const tables = after.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'ticket%'`).pluck().all();
  expect(tables).toEqual(expect.arrayContaining(['tickets', 'ticket_docs', 'ticket_events', 'ticket_drafts', 'ticket_attachments', 'tickets_search']));
  // The screen pop's query works on the new table.
  expect(after.prepare('SELECT id, type, status, title, customer_phone, created_at FROM tickets WHERE customer_phone = ?').all('13812341234')).toEqual([]);
  after.close();
});
