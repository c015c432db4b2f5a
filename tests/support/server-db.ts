import Database from 'better-sqlite3';
import pg from 'pg';
import { isPostgresUrl } from '../../src-server/start.js';

/** Reads a central database behind the API's back (an SQLite file or a postgres:// URL): the ground truth of what it stored. */
export async function queryServerDb(db: string, sql: string): Promise<Record<string, unknown>[]> {
  if (!isPostgresUrl(db)) {
    const handle = new Database(db, { readonly: true });
    try {
      return handle.prepare(sql).all() as Record<string, unknown>[];
    } finally {
      handle.close();
    }
  }
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}
