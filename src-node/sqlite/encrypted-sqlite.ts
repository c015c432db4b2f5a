import Database from 'better-sqlite3-multiple-ciphers';
import { chmodSync, closeSync, copyFileSync, existsSync, openSync, readSync, renameSync, rmSync } from 'node:fs';

// SQLite files encrypted page by page (SQLite3 Multiple Ciphers, AEGIS-256: every page and WAL
// frame is encrypted and authenticated). The key is 32 random bytes handed over raw, so no
// passphrase KDF runs at open: the key is not a password, it needs no stretching.
//
// Why AEGIS-256 and not the library's default ChaCha20-Poly1305 (which stores before this build
// used): on this hardware ChaCha20 made each ticket write ~1.9x slower than in clear, AEGIS-256
// (AES round instructions) ~1.06x; both are authenticated 256-bit ciphers (docs/security.md).

export type SqliteDb = Database.Database;

/** Bytes of a store key (256 bits). */
export const STORE_KEY_BYTES = 32;

const CLEAR_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Files SQLite keeps beside a database; all of them are the database's content. */
export const SQLITE_SIDE_FILES = ['-wal', '-shm', '-journal'] as const;

/** True when the file is an SQLite database in clear (its first 16 bytes are SQLite's magic). */
export function isClearSqliteFile(file: string): boolean {
  if (!existsSync(file)) return false;
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(CLEAR_HEADER.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(CLEAR_HEADER);
  } finally {
    closeSync(fd);
  }
}

export class WrongStoreKeyError extends Error {
  constructor(readonly file: string) {
    super(`无法解密本地数据文件 ${file}（密钥不符）。 / The local store ${file} cannot be decrypted with this profile's key.`);
  }
}

/** The cipher every store is written with. */
const CIPHER = ["cipher = 'aegis'", "algorithm = 'aegis-256'"] as const;
/** The cipher of stores written before AEGIS; read once and converted. */
const LEGACY_CIPHER = ["cipher = 'chacha20'"] as const;

function hexKey(key: Buffer): string {
  if (key.length !== STORE_KEY_BYTES) throw new Error(`A store key is ${STORE_KEY_BYTES} bytes`);
  return key.toString('hex');
}

function applyKey(db: SqliteDb, key: Buffer, cipher: readonly string[] = CIPHER): void {
  const hex = hexKey(key);
  for (const pragma of cipher) db.pragma(pragma);
  db.pragma(`key = "x'${hex}'"`);
}

/** True when the key opens the file under the given cipher (a wrong cipher reads as NOTADB). */
function opensWith(file: string, key: Buffer, cipher: readonly string[]): boolean {
  const db = new Database(file, { fileMustExist: true });
  try {
    applyKey(db, key, cipher);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') return false;
    throw error;
  } finally {
    db.close();
  }
}

/**
 * Opens an encrypted SQLite file (created if missing, with mode 0600; SQLite gives its -wal and
 * -shm files the same mode). A file still in clear (a profile from before encryption) is first
 * encrypted by `encryptClearFile`.
 */
export function openEncryptedSqlite(file: string, key: Buffer): SqliteDb {
  if (isClearSqliteFile(file)) encryptClearFile(file, key);
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  try {
    return openWithCipher(file, key);
  } catch (error) {
    if (!(error instanceof WrongStoreKeyError)) throw error;
    // Not AEGIS under this key: a store written by an earlier build (ChaCha20) is converted once;
    // anything else is a wrong key, and the file is left exactly as it was.
    if (!opensWith(file, key, LEGACY_CIPHER)) throw error;
    convertLegacyCipher(file, key);
    return openWithCipher(file, key);
  }
}

function openWithCipher(file: string, key: Buffer): SqliteDb {
  const db = new Database(file);
  try {
    applyKey(db, key);
    // Sorts and temporary tables stay in memory: SQLite's temp files would not be encrypted.
    db.pragma('temp_store = MEMORY');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') throw new WrongStoreKeyError(file);
    throw error;
  }
  return db;
}

/**
 * Encrypts a clear database (a profile from before encryption). See `rekeyThroughCopy`; the clear
 * file's disk blocks are freed, not wiped (see docs/security.md).
 */
export function encryptClearFile(file: string, key: Buffer): void {
  rekeyThroughCopy(file, [], CIPHER, key);
}

/** Re-encrypts a store written with the earlier ChaCha20 cipher under AEGIS-256, same key. */
function convertLegacyCipher(file: string, key: Buffer): void {
  rekeyThroughCopy(file, LEGACY_CIPHER, CIPHER, key, key);
}

/**
 * Rewrites a database under a new cipher without a moment where a crash loses it: the WAL is
 * folded in, the file copied, the copy rekeyed (which SQLite3MC does only outside WAL mode) and
 * renamed over the original. A crash before the rename leaves the original; after, the new copy.
 * `fromKey` absent means the original is in clear.
 */
function rekeyThroughCopy(file: string, fromCipher: readonly string[], toCipher: readonly string[], toKey: Buffer, fromKey?: Buffer): void {
  const temp = `${file}.encrypting`;
  for (const suffix of ['', ...SQLITE_SIDE_FILES]) rmSync(`${temp}${suffix}`, { force: true });
  // Fold the WAL into the main file first, so the copy holds every committed write.
  const original = new Database(file);
  try {
    if (fromKey) applyKey(original, fromKey, fromCipher);
    original.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    original.close();
  }
  copyFileSync(file, temp);
  chmodSync(temp, 0o600);
  const copy = new Database(temp);
  try {
    if (fromKey) applyKey(copy, fromKey, fromCipher);
    copy.pragma('journal_mode = DELETE');
    for (const pragma of toCipher) copy.pragma(pragma);
    copy.pragma(`rekey = "x'${hexKey(toKey)}'"`);
  } finally {
    copy.close();
  }
  renameSync(temp, file);
  for (const suffix of SQLITE_SIDE_FILES) rmSync(`${file}${suffix}`, { force: true });
  rmSync(`${temp}-journal`, { force: true });
}
