import Database from 'better-sqlite3-multiple-ciphers';
import { chmodSync, closeSync, copyFileSync, existsSync, openSync, readSync, renameSync, rmSync } from 'node:fs';

// SQLite files encrypted page by page (SQLite3 Multiple Ciphers, ChaCha20-Poly1305: every page
// and WAL frame is encrypted and authenticated). The key is 32 random bytes handed over raw, so
// no passphrase KDF runs at open: the key is not a password, it needs no stretching.

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

function applyKey(db: SqliteDb, key: Buffer): void {
  if (key.length !== STORE_KEY_BYTES) throw new Error(`A store key is ${STORE_KEY_BYTES} bytes`);
  db.pragma(`cipher = 'chacha20'`);
  db.pragma(`key = "x'${key.toString('hex')}'"`);
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
 * Encrypts a clear database without a moment where a crash loses it: the clear file is copied,
 * the copy is encrypted (rekey, which SQLite3MC does only outside WAL mode), and then renamed
 * over the original. A crash before the rename leaves the clear original; one after, the
 * encrypted copy. The clear file's disk blocks are freed, not wiped (see docs/security.md).
 */
export function encryptClearFile(file: string, key: Buffer): void {
  const temp = `${file}.encrypting`;
  for (const suffix of ['', ...SQLITE_SIDE_FILES]) rmSync(`${temp}${suffix}`, { force: true });
  // Fold the WAL into the main file first, so the copy holds every committed write.
  const clear = new Database(file);
  try {
    clear.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    clear.close();
  }
  copyFileSync(file, temp);
  chmodSync(temp, 0o600);
  const copy = new Database(temp);
  try {
    copy.pragma('journal_mode = DELETE');
    copy.pragma(`cipher = 'chacha20'`);
    copy.pragma(`rekey = "x'${key.toString('hex')}'"`);
  } finally {
    copy.close();
  }
  renameSync(temp, file);
  for (const suffix of SQLITE_SIDE_FILES) rmSync(`${file}${suffix}`, { force: true });
  rmSync(`${temp}-journal`, { force: true });
}
