import type { Db } from './open-store.js';

/** Small typed access to the `settings` and `sync_state` key-value tables. */
export function readValue(db: Db, table: 'settings' | 'sync_state', key: string): string | undefined {
  const row = db.prepare(`SELECT value FROM ${table} WHERE key = ?`).get(key) as { value: string } | undefined;
  return row?.value;
}

export function writeValue(db: Db, table: 'settings' | 'sync_state', key: string, value: string): void {
  db.prepare(`INSERT INTO ${table} (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(key, value);
}
