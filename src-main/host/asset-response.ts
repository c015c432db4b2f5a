import { getAsset } from '../services/handbook/assets.js';
import type { Db } from '../services/store/open-store.js';

export const ASSET_PATH = /^\/asset\/([0-9a-f]{64})$/;

export interface AssetResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

// An asset opened directly (not as <img>/<audio>) must not run anything in the host's origin: an SVG
// is a document that could carry script. The sandbox directive gives it an opaque origin, no script.
const ASSET_HEADERS = {
  'content-security-policy': "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * Serves `/asset/<sha256>` from the signed-in agent's store, for the web host and the Electron
 * protocol alike. Content-addressed, so it may be cached forever. Supports a single byte Range,
 * which audio elements use to seek.
 */
export function assetResponse(db: Db | undefined, urlPath: string, range: string | undefined): AssetResponse {
  const match = ASSET_PATH.exec(urlPath.split('?')[0] ?? '');
  const plain = (status: number, text: string, extra: Record<string, string> = {}) => ({
    status,
    headers: { ...ASSET_HEADERS, 'content-type': 'text/plain; charset=utf-8', ...extra },
    body: text,
  });
  if (!match) return plain(404, 'Not found');
  if (!db) return plain(401, 'Sign in first');
  const asset = getAsset(db, match[1]!);
  if (!asset) return plain(404, 'Not found');
  const size = asset.data.length;
  const headers = {
    ...ASSET_HEADERS,
    'content-type': asset.mime,
    'accept-ranges': 'bytes',
    'cache-control': 'private, max-age=31536000, immutable',
    etag: `"${asset.sha256}"`,
  };
  if (!range) return { status: 200, headers: { ...headers, 'content-length': String(size) }, body: asset.data };
  const bytes = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!bytes || (bytes[1] === '' && bytes[2] === '')) return plain(416, 'Bad range', { 'content-range': `bytes */${size}` });
  let start: number;
  let end: number;
  if (bytes[1] === '') {
    start = Math.max(0, size - Number(bytes[2]));
    end = size - 1;
  } else {
    start = Number(bytes[1]);
    end = bytes[2] === '' ? size - 1 : Math.min(Number(bytes[2]), size - 1);
  }
  if (start >= size || start > end) return plain(416, 'Range not satisfiable', { 'content-range': `bytes */${size}` });
  return {
    status: 206,
    headers: { ...headers, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': String(end - start + 1) },
    body: asset.data.subarray(start, end + 1),
  };
}
