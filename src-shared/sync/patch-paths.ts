// Update patches are keyed by field path: `status`, `fields.title`, `fields.callbackAt`. Two agents
// who edit different form fields of one ticket write different paths, so both edits apply; the
// server keeps, per path, which rev and client last wrote it. Both sides apply patches with these.

/** Path segments that would reach an object's prototype when assigned. */
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);
const MAX_PATH_DEPTH = 4;

/** A path the server accepts: 1–4 non-empty segments of at most 64 characters, none reaching a prototype. */
export function isValidPath(path: string): boolean {
  const segments = path.split('.');
  return segments.length <= MAX_PATH_DEPTH && segments.every((segment) => segment.length > 0 && segment.length <= 64 && !FORBIDDEN_SEGMENTS.has(segment));
}

export function getPath(data: Record<string, unknown> | null | undefined, path: string): unknown {
  let value: unknown = data;
  for (const segment of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.prototype.hasOwnProperty.call(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** A copy of `data` with `path` set to `value`; objects on the way are copied, missing ones created. */
export function setPath(data: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  const copy = { ...data };
  if (rest.length === 0) {
    copy[head!] = value;
    return copy;
  }
  const inner = copy[head!];
  copy[head!] = setPath(typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as Record<string, unknown>) : {}, rest.join('.'), value);
  return copy;
}

/** Applies a path-keyed patch. */
export function applyPatch(data: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  let next = data;
  for (const [path, value] of Object.entries(patch)) next = setPath(next, path, value);
  return next;
}

/** True when one path is the other or lies inside it (`fields` and `fields.title`). */
export const pathsOverlap = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

/**
 * The path-keyed patch that turns `before` into `after`, descending into the objects named in
 * `byPath` (e.g. `fields`, whose keys are the form's fields) so each changed form field is its own path.
 */
export function diffPaths(before: Record<string, unknown>, after: Record<string, unknown>, byPath: readonly string[]): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const left = before[key];
    const right = after[key];
    if (byPath.includes(key) && isPlainObject(left) && isPlainObject(right)) {
      for (const [path, value] of Object.entries(diffPaths(left, right, []))) patch[`${key}.${path}`] = value;
    } else if (!sameJson(left, right)) {
      patch[key] = right === undefined ? null : right;
    }
  }
  return patch;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Compares JSON values structurally (key order does not matter). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, index) => sameJson(item, other[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => Object.prototype.hasOwnProperty.call(right, key) && sameJson(left[key], right[key]));
}
