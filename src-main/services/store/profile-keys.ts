import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppFailure } from '../../../src-shared/result.js';
import { ensurePrivateDir, writePrivateFile } from '../../../src-node/private-files.js';
import { STORE_KEY_BYTES } from '../../../src-node/sqlite/encrypted-sqlite.js';

/**
 * Seals a store key before it is written to disk. `by` is recorded with each key: `safeStorage`
 * (Electron: Keychain, DPAPI, libsecret/KWallet) or `file` (kept as it is; the key file's mode
 * 0600 is what protects it: browser mode, which runs in plain Node without an OS keystore).
 * `weak`: the OS seals with a fixed, public key (Linux `basic_text`) or not at all.
 */
export interface KeySealer {
  readonly by: 'safeStorage' | 'file';
  readonly weak: boolean;
  seal(key: Buffer): string;
  open(sealed: string): Buffer;
}

export const keyFileSealer: KeySealer = {
  by: 'file',
  weak: false,
  seal: (key) => key.toString('base64'),
  open: (sealed) => Buffer.from(sealed, 'base64'),
};

/** What the Electron glue passes in: `safeStorage`, typed here so this file never imports electron. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend?(): string;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

/**
 * The sealer of an Electron host. On Linux without a keyring Chromium falls back to `basic_text`
 * (a key compiled into every copy of Chromium): that seal is marked weak, and so is a machine
 * where safeStorage is not available at all (the key then waits in the 0600 file, if allowed).
 */
export function electronKeySealer(safeStorage: SafeStorageLike, platform: NodeJS.Platform): KeySealer {
  if (!safeStorage.isEncryptionAvailable()) return { ...keyFileSealer, weak: true };
  const basicText = platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text';
  return {
    by: 'safeStorage',
    weak: basicText,
    seal: (key) => safeStorage.encryptString(key.toString('base64')).toString('base64'),
    open: (sealed) => Buffer.from(safeStorage.decryptString(Buffer.from(sealed, 'base64')), 'base64'),
  };
}

const KeyFile = z.object({
  version: z.literal(1),
  keys: z.record(z.string(), z.object({ by: z.enum(['safeStorage', 'file']), key: z.string() })),
});
type KeyFile = z.infer<typeof KeyFile>;

export const PROFILE_KEYS_FILE = 'profile-keys.json';

/**
 * One random key per store file of a profile folder (each agent's store, the embedded central's
 * database), sealed by the host's sealer and kept in `profile-keys.json` (0600) in the folder.
 * Without the key file the stores cannot be read: that is the point; a profile's data comes back
 * from the central API at the next sign-in.
 */
export class ProfileKeys {
  private readonly file: string;

  constructor(
    readonly profileDir: string,
    private readonly sealer: KeySealer,
    /** The centre's policy: store customer data although the keystore is weak (`basic_text`). */
    private readonly allowWeak: () => boolean = () => false,
  ) {
    this.file = path.join(profileDir, PROFILE_KEYS_FILE);
  }

  /** The key of one store file (by its name in the folder), made on first use. */
  keyFor(storeName: string): Buffer {
    if (this.sealer.weak && !this.allowWeak()) {
      throw new AppFailure('KEYSTORE_UNSAFE', 'The OS keystore is basic_text or missing: customer data is not stored on this machine unless the centre allows it');
    }
    const keys = this.read();
    const entry = keys.keys[storeName];
    if (entry) return this.open(entry);
    const key = randomBytes(STORE_KEY_BYTES);
    keys.keys[storeName] = { by: this.sealer.by, key: this.sealer.seal(key) };
    ensurePrivateDir(this.profileDir);
    writePrivateFile(this.file, JSON.stringify(keys, null, 2));
    return key;
  }

  private open(entry: KeyFile['keys'][string]): Buffer {
    let key: Buffer | undefined;
    if (entry.by === 'file') key = keyFileSealer.open(entry.key);
    else if (this.sealer.by === 'safeStorage') key = this.sealer.open(entry.key);
    if (!key || key.length !== STORE_KEY_BYTES) throw new AppFailure('KEYSTORE_UNSAFE', 'This store key was sealed by an OS keystore this host cannot open');
    return key;
  }

  private read(): KeyFile {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, keys: {} };
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = KeyFile.safeParse(json);
    // Never replaced silently: a new key would leave every store of the folder unreadable.
    if (!parsed.success) throw new AppFailure('INTERNAL', `${PROFILE_KEYS_FILE} is damaged; the profile's stores cannot be opened`);
    return parsed.data;
  }
}
