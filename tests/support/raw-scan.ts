import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// Ground truth for "not on disk in clear": the raw bytes of every file, read without SQLite or any
// code of the product, searched for each secret in the encodings a program could have written.

const utf16be = (text: string) => {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
};

/** The byte strings a value can take on disk: UTF-8, UTF-16 LE and BE. */
export const encodingsOf = (text: string): { encoding: string; bytes: Buffer }[] => [
  { encoding: 'utf8', bytes: Buffer.from(text, 'utf8') },
  { encoding: 'utf16le', bytes: Buffer.from(text, 'utf16le') },
  { encoding: 'utf16be', bytes: utf16be(text) },
];

export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : entry.isFile() ? [full] : [];
  });
}

/** Every (file, needle, encoding) where the needle's bytes occur. */
export function findInFiles(dir: string, needles: string[]): { file: string; needle: string; encoding: string }[] {
  const hits: { file: string; needle: string; encoding: string }[] = [];
  for (const file of filesUnder(dir)) {
    if (statSync(file).size === 0) continue;
    const bytes = readFileSync(file);
    for (const needle of needles) {
      for (const { encoding, bytes: pattern } of encodingsOf(needle)) {
        if (bytes.includes(pattern)) hits.push({ file: path.relative(dir, file), needle, encoding });
      }
    }
  }
  return hits;
}
