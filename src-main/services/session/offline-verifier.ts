import { z } from 'zod';
import { hashPassword, verifyPassword, type ScryptParams } from '../../../src-node/passwords.js';
import { readValue, writeValue } from '../store/key-value.js';
import type { Db } from '../store/open-store.js';

// What lets an agent sign in while the central API is unreachable: a verifier of their password
// (never the password) kept in their profile, at OWASP's scrypt strength so a stolen profile is
// slow to attack, and only for a limited number of days after the last online sign-in.

/** OWASP password storage cheat sheet: scrypt N = 2^17, r = 8, p = 1 (128 MiB, ~0.3 s here). */
export const VERIFIER_PARAMS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
export const DEFAULT_OFFLINE_DAYS = 14;

const StoredVerifier = z.object({ hash: z.string(), onlineAt: z.string() });
const KEY = 'offline_verifier';
/** Before issue 15: a bare N = 2^14 scrypt hash with no date. */
const LEGACY_KEY = 'cached_credential';

/** After an online sign-in: a fresh verifier at full strength, dated now. */
export async function saveVerifier(db: Db, password: string, now: Date): Promise<void> {
  const hash = await hashPassword(password, VERIFIER_PARAMS);
  db.transaction(() => {
    writeValue(db, 'settings', KEY, JSON.stringify({ hash, onlineAt: now.toISOString() }));
    db.prepare("DELETE FROM settings WHERE key = ?").run(LEGACY_KEY);
  })();
}

export type OfflineCheck = 'ok' | 'wrong' | 'expired' | 'none';

/**
 * Checks a password offline. A legacy hash that matches is upgraded at once (dated now: the old
 * one carried no date), so its weakness lasts one sign-in at most.
 */
export async function checkVerifier(db: Db, password: string, now: Date, maxOfflineDays: number): Promise<OfflineCheck> {
  const stored = readStored(db);
  if (!stored) {
    const legacy = readValue(db, 'settings', LEGACY_KEY);
    if (!legacy) return 'none';
    if (!(await verifyPassword(password, legacy))) return 'wrong';
    await saveVerifier(db, password, now);
    return 'ok';
  }
  if (!(await verifyPassword(password, stored.hash))) return 'wrong';
  const ageDays = (now.getTime() - Date.parse(stored.onlineAt)) / 86_400_000;
  return ageDays <= maxOfflineDays ? 'ok' : 'expired';
}

function readStored(db: Db): z.infer<typeof StoredVerifier> | undefined {
  const raw = readValue(db, 'settings', KEY);
  if (!raw) return undefined;
  try {
    return StoredVerifier.parse(JSON.parse(raw));
  } catch {
    return undefined;
  }
}
