import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { searchHandbook, warmUpSearch } from '../../../src-main/services/handbook/search.js';
import { openStore, schemaVersion, workstationMigrations } from '../../../src-main/services/store/open-store.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'handbook-migration-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('migration 010 (handbook search, assets, versions, reading state)', () => {
  it('upgrades a store whose articles were synced before search existed, and indexes them at sign-in', () => {
    const file = path.join(work, 'agent.db');
    const before = openStore(file, { migrations: workstationMigrations().filter((migration) => migration.version < 10) });
    before
      .prepare(`INSERT INTO handbook_articles (id, title, category, keywords, synonyms, body, version, updated) VALUES (?, ?, ?, ?, ?, ?, 1, '2026-01-01')`)
      .run('old', '宽带故障报修受理', '宽带业务', '["光猫"]', '[]', 'LOS 红灯闪烁');
    before.close();

    const after = openStore(file);
    expect(schemaVersion(after)).toBeGreaterThanOrEqual(10);
    expect(searchHandbook(after, '宽带')).toEqual([]); // not indexed yet…
    warmUpSearch(after); // …what sign-in does
    expect(searchHandbook(after, '宽带').map((hit) => hit.id)).toEqual(['old']);
    expect(searchHandbook(after, 'kd').map((hit) => hit.id)).toEqual(['old']);
    after.close();
  });

  it('refuses an asset hash that is not 64 lower-case hex characters', () => {
    const db = openStore(':memory:');
    const insert = db.prepare('INSERT INTO handbook_assets (sha256, mime, size, data) VALUES (?, ?, 1, x\'00\')');
    expect(() => insert.run('A'.repeat(64), 'image/png')).toThrow();
    expect(() => insert.run('../x', 'image/png')).toThrow();
    expect(() => insert.run('a'.repeat(64), 'image/png')).not.toThrow();
  });
});
