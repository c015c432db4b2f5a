import { z } from 'zod';
import type { Db } from './open-store.js';
import { parseRow } from '../../../src-node/sqlite/rows.js';

const Value = z.string().optional();

/** Small typed access to the `settings` and `sync_state` key-value tables. */
export function readValue(db: Db, table: 'settings' | 'sync_state', key: string): string | undefined {
  return parseRow(Value, db.prepare(`SELECT value FROM ${table} WHERE key = ?`).pluck().get(key), table);
}

export function writeValue(db: Db, table: 'settings' | 'sync_state', key: string, value: string): void {
  db.prepare(`INSERT INTO ${table} (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(key, value);
}
