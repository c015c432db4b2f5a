import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';

// A profile folder holds customer data: only the user it belongs to may list or read it, whatever
// the umask (Debian's 022 would give 755 folders and 644 files to every local account).

/** Creates the folder (and parents) and makes it 0700, also when it existed with a wider mode. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Writes a 0600 file through a temporary one and a rename, so a crash never leaves half of it. */
export function writePrivateFile(file: string, data: string | Buffer): void {
  const temp = `${file}.tmp`;
  writeFileSync(temp, data, { mode: 0o600 });
  chmodSync(temp, 0o600); // the mode above applies only when the file is new
  renameSync(temp, file);
}
