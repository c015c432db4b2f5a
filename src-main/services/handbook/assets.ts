import { AssetDocument, AssetHash } from '../../../src-shared/domain/handbook.js';
import type { Change } from '../../../src-shared/sync/protocol.js';
import { sha256Hex, type StoredAsset } from '../../../src-node/content/read-folder.js';
import type { Db } from '../store/open-store.js';

/** The only URLs article HTML may load pictures and audio from; served from the agent's store. */
export const ASSET_URL = /^\/asset\/[0-9a-f]{64}$/;
const ASSET_URL_IN_TEXT = /\/asset\/([0-9a-f]{64})/g;

export type { StoredAsset };

/** Stores an asset once; the same bytes under the same hash are never written twice. */
export function putAsset(db: Db, asset: StoredAsset): void {
  db.prepare('INSERT OR IGNORE INTO handbook_assets (sha256, mime, size, data) VALUES (?, ?, ?, ?)').run(asset.sha256, asset.mime, asset.data.length, asset.data);
}

export function getAsset(db: Db, sha256: string): StoredAsset | undefined {
  if (!AssetHash.safeParse(sha256).success) return undefined;
  return db.prepare('SELECT sha256, mime, data FROM handbook_assets WHERE sha256 = ?').get(sha256) as StoredAsset | undefined;
}

/** The mime type of every asset a body links to (to tell pictures from audio when rendering). */
export function assetMimes(db: Db, body: string): Map<string, string> {
  const hashes = [...new Set([...body.matchAll(ASSET_URL_IN_TEXT)].map((match) => match[1]!))];
  if (hashes.length === 0) return new Map();
  const rows = db.prepare('SELECT sha256, mime FROM handbook_assets WHERE sha256 IN (SELECT value FROM json_each(?))').all(JSON.stringify(hashes)) as {
    sha256: string;
    mime: string;
  }[];
  return new Map(rows.map((row) => [row.sha256, row.mime]));
}

export const assetHashesIn = (body: string) => [...new Set([...body.matchAll(ASSET_URL_IN_TEXT)].map((match) => match[1]!))];

/**
 * Applies a pulled `assets` document. The bytes must hash to the id: a corrupted or forged asset is
 * refused (the pull transaction fails and is retried) rather than stored under the wrong name.
 */
export function applyAssetChange(db: Db, change: Change): void {
  if (change.deleted) {
    db.prepare('DELETE FROM handbook_assets WHERE sha256 = ?').run(change.id);
    return;
  }
  const document = AssetDocument.parse(change.data);
  const data = Buffer.from(document.base64, 'base64');
  if (sha256Hex(data) !== change.id || data.length !== document.size) throw new Error(`Asset ${change.id} does not match its content hash`);
  putAsset(db, { sha256: change.id, mime: document.mime, data });
}
