#!/usr/bin/env node
/* global console */
// Regenerates the training clips (seeds/training/audio/*.ogg) from the customer lines of the
// scenarios that name one, so each clip says exactly its line's text. Needs espeak-ng and sox.
//
//   node seeds/training/make-audio.mjs
//
// Voice "cmn-latn-pinyin", not plain "cmn": espeak-ng's Mandarin dictionary yields tone-numbered
// pinyin, which plain "cmn" reads as English (see seeds/handbook/make-audio.sh). An older
// woman's voice (+f4, low pitch, slow) for the elderly caller; mono 16 kHz Ogg Vorbis at the
// lowest quality keeps each clip around 20 KB. `sox -R` makes the output repeatable.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const work = mkdtempSync(path.join(os.tmpdir(), 'training-audio-'));
try {
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    const scenario = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    for (const line of scenario.customer.filter((candidate) => candidate.audio)) {
      const wav = path.join(work, `${line.id}.wav`);
      execFileSync('espeak-ng', ['-v', 'cmn-latn-pinyin+f4', '-p', '30', '-s', '105', '-w', wav, line.text]);
      execFileSync('sox', ['-R', wav, '-r', '16000', '-c', '1', '-C', '-1', path.join(dir, 'audio', line.audio), 'gain', '-4']);
      console.log(`${line.audio}  ${line.text}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
