import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Migration } from '../../../src-node/sqlite/migrations.js';
import { openStore, schemaVersion, StoreTooNewError, workstationMigrations } from '../../../src-main/services/store/open-store.js';

const tempFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'hotline-store-')), 'agent.db');
const all = workstationMigrations();

describe('local store migrations', () => {
  it('are numbered uniquely and start at 001', () => {
    expect(all[0]!.version).toBe(1);
    expect(new Set(all.map((m) => m.version)).size).toBe(all.length);
  });

  it('bring a database made by an older build up to date, keeping its data', () => {
    const file = tempFile();
    const older = openStore(file, { migrations: all.slice(0, 1) });
    older.prepare("INSERT INTO settings (key, value) VALUES ('locale', 'en')").run();
    older.close();

    const upgraded = openStore(file, { migrations: [...all, { version: 999, name: 'add_probe', sql: 'CREATE TABLE probe (x INTEGER) STRICT;' }] });
    expect(schemaVersion(upgraded)).toBe(999);
    expect(upgraded.prepare("SELECT value FROM settings WHERE key = 'locale'").pluck().get()).toBe('en');
    expect(upgraded.prepare("SELECT name FROM sqlite_master WHERE name = 'probe'").pluck().get()).toBe('probe');
    upgraded.close();
  });

  it('refuse a database made by a newer build, with a message saying so, and leave it untouched', () => {
    const file = tempFile();
    const newer = new Database(file);
    newer.pragma('user_version = 9999');
    newer.close();
    expect(() => openStore(file)).toThrow(StoreTooNewError);
    expect(() => openStore(file)).toThrow(/更新版本|newer build/);
    const reopened = new Database(file);
    expect(reopened.pragma('user_version', { simple: true })).toBe(9999);
    reopened.close();
  });

  it('apply all or nothing: a failing migration leaves the previous schema', () => {
    const file = tempFile();
    openStore(file, { migrations: all.slice(0, 1) }).close();
    const broken: Migration[] = [...all, { version: 998, name: 'ok', sql: 'CREATE TABLE fine (x INTEGER);' }, { version: 999, name: 'broken', sql: 'CREATE TABLE oops (;' }];
    expect(() => openStore(file, { migrations: broken })).toThrow();
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'fine'").get()).toBeUndefined();
    db.close();
  });

  it('log statements slower than the threshold with their SQL', () => {
    const warnings: unknown[] = [];
    const log = { debug() {}, info() {}, error() {}, warn: (obj: unknown) => warnings.push(obj) };
    const db = openStore(':memory:', { log, slowQueryMs: 0.0001 });
    db.prepare('SELECT 1').get();
    expect(warnings).toContainEqual(expect.objectContaining({ sql: 'SELECT 1' }));
    db.close();
  });
});
