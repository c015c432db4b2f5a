import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronKeySealer, keyFileSealer, PROFILE_KEYS_FILE, ProfileKeys, type SafeStorageLike } from '../../../src-main/services/store/profile-keys.js';
import { AppFailure } from '../../../src-shared/result.js';

// Electron's safeStorage, played by AES-GCM with a key of this process: what matters here is which
// backend it reports and that the key file never holds the store key as it is.
function fakeSafeStorage(backend: string, available = true): SafeStorageLike {
  const osKey = randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', osKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', osKey, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-keys-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const keyFile = () => JSON.parse(readFileSync(path.join(dir, PROFILE_KEYS_FILE), 'utf8')) as { keys: Record<string, { by: string; key: string }> };
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof AppFailure ? error.code : String(error);
  }
  return 'no error';
};

describe('profile keys', () => {
  it('are random, one per store, kept in a 0600 file, the same on every later open', () => {
    const keys = new ProfileKeys(dir, keyFileSealer);
    const a = keys.keyFor('agent-1001.db');
    const b = keys.keyFor('agent-1002.db');
    expect(a).toHaveLength(32);
    expect(a.equals(b)).toBe(false);
    expect(new ProfileKeys(dir, keyFileSealer).keyFor('agent-1001.db').equals(a)).toBe(true);
    expect(statSync(path.join(dir, PROFILE_KEYS_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('in Electron are sealed by safeStorage: the file does not hold the key', () => {
    const safeStorage = fakeSafeStorage('gnome_libsecret');
    const key = new ProfileKeys(dir, electronKeySealer(safeStorage, 'linux')).keyFor('agent-1001.db');
    const entry = keyFile().keys['agent-1001.db']!;
    expect(entry.by).toBe('safeStorage');
    expect(readFileSync(path.join(dir, PROFILE_KEYS_FILE)).includes(key.toString('base64'))).toBe(false);
    expect(readFileSync(path.join(dir, PROFILE_KEYS_FILE)).includes(key.toString('hex'))).toBe(false);
    expect(new ProfileKeys(dir, electronKeySealer(safeStorage, 'linux')).keyFor('agent-1001.db').equals(key)).toBe(true);
    // A browser-mode host cannot open what the OS sealed; it says so instead of making a new key.
    expect(refusal(() => new ProfileKeys(dir, keyFileSealer).keyFor('agent-1001.db'))).toBe('KEYSTORE_UNSAFE');
  });

  it('on Linux basic_text (or no keystore at all) are refused unless the centre allows it', () => {
    for (const sealer of [electronKeySealer(fakeSafeStorage('basic_text'), 'linux'), electronKeySealer(fakeSafeStorage('unknown', false), 'linux')]) {
      expect(refusal(() => new ProfileKeys(dir, sealer).keyFor('agent-1001.db'))).toBe('KEYSTORE_UNSAFE');
      expect(() => readFileSync(path.join(dir, PROFILE_KEYS_FILE))).toThrow(/ENOENT/);
      expect(new ProfileKeys(dir, sealer, () => true).keyFor('agent-1001.db')).toHaveLength(32);
      rmSync(path.join(dir, PROFILE_KEYS_FILE));
    }
    // basic_text is a Linux matter: the same backend name elsewhere is not weak.
    expect(refusal(() => new ProfileKeys(dir, electronKeySealer(fakeSafeStorage('basic_text'), 'darwin')).keyFor('agent-1001.db'))).toBe('no error');
  });

  it('a damaged key file is never replaced by new keys', () => {
    new ProfileKeys(dir, keyFileSealer).keyFor('agent-1001.db');
    const file = path.join(dir, PROFILE_KEYS_FILE);
    const text = readFileSync(file, 'utf8');
    rmSync(file);
    writeFileSync(file, text.slice(0, 20));
    expect(refusal(() => new ProfileKeys(dir, keyFileSealer).keyFor('agent-1001.db'))).toBe('INTERNAL');
    expect(readFileSync(file, 'utf8')).toBe(text.slice(0, 20));
  });
});
