import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startIdleCheckpoints } from '../../../src-main/services/store/idle-checkpoint.js';
import { openStore } from '../../../src-main/services/store/open-store.js';

// Writes land in the WAL; the session's tick, not the next commit, copies them into the store file.
const dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-checkpoint-'));
afterEach(() => {
  vi.useRealTimers();
});

describe('idle checkpoints', () => {
  it('fold the WAL into the store file on the tick, not inside the writes', () => {
    vi.useFakeTimers();
    const file = path.join(dir, 'agent.db');
    const db = openStore(file);
    db.exec('CREATE TABLE notes (body TEXT)');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const before = statSync(file).size;
    const insert = db.prepare('INSERT INTO notes VALUES (?)');
    for (let i = 0; i < 500; i++) insert.run('客户反映宽带晚高峰掉线'.repeat(300)); // ~1,200 pages: past SQLite's default of 1,000
    expect(statSync(file).size).toBe(before);
    const timer = startIdleCheckpoints(() => db, 5_000);
    vi.advanceTimersByTime(5_000);
    expect(statSync(file).size).toBeGreaterThan(before + 500 * 9_000);
    db.close();
    vi.advanceTimersByTime(5_000); // a closed store is skipped, not an error
    clearInterval(timer);
    rmSync(dir, { recursive: true, force: true });
  });
});
