import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}
const PARAMS: ScryptParams = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;
/** Above this a stored hash is refused rather than letting it take the process's memory (2^20 × r=8 is 1 GiB). */
const MAX_N = 2 ** 20;
// scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is below OWASP's N = 2^17.
const withMemory = (params: ScryptParams) => ({ ...params, maxmem: 256 * params.N * params.r });

/** `scrypt$N$r$p$salt$hash`, all base64url: the parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string, params: ScryptParams = PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, KEY_LENGTH, withMemory(params));
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [, , , , salt, hash] = stored.split('$');
  const params = storedParams(stored);
  if (!params || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, withMemory(params));
  return timingSafeEqual(actual, expected);
}

/** The cost parameters a stored hash was made with; undefined when it is not a usable scrypt hash. */
export function storedParams(stored: string): ScryptParams | undefined {
  const [scheme, n, r, p] = stored.split('$');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (scheme !== 'scrypt' || !Number.isInteger(params.N) || params.N < 2 || params.N > MAX_N || !(params.r >= 1 && params.r <= 32) || !(params.p >= 1 && params.p <= 4)) return undefined;
  return params;
}
