import path from 'node:path';

/**
 * Maps a URL path to a file under `root`, or undefined when it would escape it
 * (`..`, encoded `%2e%2e`, absolute paths, NUL bytes). Used by the Electron protocol and the web host.
 */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split(/[?#]/)[0] ?? '');
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = decoded.replace(/^\/+/, '') || 'index.html';
  const absoluteRoot = path.resolve(root);
  const candidate = path.resolve(absoluteRoot, relative);
  if (candidate !== absoluteRoot && !candidate.startsWith(absoluteRoot + path.sep)) return undefined;
  return candidate;
}
