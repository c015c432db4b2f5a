import type { Db } from '../store/open-store.js';
import { preparedPerStore } from '../../../src-node/sqlite/prepared.js';

export interface ReadingState {
  favourite: boolean;
  lastOpenedAt: string | null;
  lastReadVersion: number | null;
  lastReadUpdated: string | null;
}

interface ReadingRow {
  article_id: string;
  favourite: number;
  last_opened_at: string | null;
  last_read_version: number | null;
  last_read_updated: string | null;
}

// Prepared once per store: every search result page (each keystroke) reads the reading state of its hits.
const statesOf = preparedPerStore((db) => db.prepare('SELECT * FROM handbook_reading WHERE article_id IN (SELECT value FROM json_each(?))'));

export function readingStateOf(db: Db, ids: string[]): Map<string, ReadingState> {
  if (ids.length === 0) return new Map();
  const rows = statesOf(db).all(JSON.stringify(ids)) as ReadingRow[];
  return new Map(
    rows.map((row) => [
      row.article_id,
      { favourite: row.favourite === 1, lastOpenedAt: row.last_opened_at, lastReadVersion: row.last_read_version, lastReadUpdated: row.last_read_updated },
    ]),
  );
}

/** Remembers that this version was read now: it appears in "recent" and loses its "updated" badge. */
export function recordOpened(db: Db, article: { id: string; version: number; updated: string }, now: Date): void {
  db.prepare(
    `INSERT INTO handbook_reading (article_id, last_opened_at, last_read_version, last_read_updated) VALUES (?, ?, ?, ?)
     ON CONFLICT(article_id) DO UPDATE SET last_opened_at = excluded.last_opened_at,
       last_read_version = excluded.last_read_version, last_read_updated = excluded.last_read_updated`,
  ).run(article.id, now.toISOString(), article.version, article.updated);
}

export function setFavourite(db: Db, id: string, favourite: boolean, now = new Date()): void {
  db.prepare(
    `INSERT INTO handbook_reading (article_id, favourite, favourited_at) VALUES (?, ?, ?)
     ON CONFLICT(article_id) DO UPDATE SET favourite = excluded.favourite, favourited_at = excluded.favourited_at`,
  ).run(id, favourite ? 1 : 0, favourite ? now.toISOString() : null);
}

/** Ids of favourite articles (newest first) and of the recently opened ones (latest first). */
export function readingLists(db: Db, recentLimit = 10): { favourites: string[]; recent: string[] } {
  const favourites = db
    .prepare(
      `SELECT r.article_id AS id FROM handbook_reading r JOIN handbook_articles a ON a.id = r.article_id
       WHERE r.favourite = 1 ORDER BY r.favourited_at DESC`,
    )
    .all() as { id: string }[];
  const recent = db
    .prepare(
      `SELECT r.article_id AS id FROM handbook_reading r JOIN handbook_articles a ON a.id = r.article_id
       WHERE r.last_opened_at IS NOT NULL ORDER BY r.last_opened_at DESC LIMIT ?`,
    )
    .all(recentLimit) as { id: string }[];
  return { favourites: favourites.map((row) => row.id), recent: recent.map((row) => row.id) };
}
