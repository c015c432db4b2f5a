import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishScripts } from '../../../src-server/seed/publish-scripts.js';
import { SqliteStorage } from '../../../src-server/storage/sqlite-storage.js';
import { REPO_ROOT } from '../../support/processes.js';

let dir: string;
let storage: SqliteStorage;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'publish-scripts-'));
  cpSync(path.join(REPO_ROOT, 'seeds/scripts'), path.join(dir, 'scripts'), { recursive: true });
  storage = new SqliteStorage(path.join(dir, 'central.db'));
});
afterEach(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the central API publishes scripts by version', () => {
  it('publishes every script once; only a raised version is published again; a broken file is skipped and reported', async () => {
    const reported: string[] = [];
    const first = await publishScripts(storage, path.join(dir, 'scripts'), (line) => reported.push(line));
    expect(first.published.length).toBeGreaterThanOrEqual(15);
    expect(await storage.countDocuments('scripts')).toBe(first.published.length);
    expect((await publishScripts(storage, path.join(dir, 'scripts'), (line) => reported.push(line))).published).toEqual([]);

    const file = path.join(dir, 'scripts', 'real-name.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^version: \d+$/m, 'version: 9'));
    writeFileSync(path.join(dir, 'scripts', 'broken.yaml'), 'id: broken\nsteps: 3\n');
    const third = await publishScripts(storage, path.join(dir, 'scripts'), (line) => reported.push(line));
    expect(third).toEqual({ published: ['real-name'], problems: expect.any(Number) });
    expect(reported.join('\n')).toMatch(/broken\.yaml.*steps/);
    expect(((await storage.getDocument('scripts', 'real-name'))!.data as { version: number }).version).toBe(9);
  });
});
