import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ContentProblem } from '../../../src-shared/content-file.js';
import { AppFailure } from '../../../src-shared/result.js';
import type { ScenarioSummary, TrainingScenario } from '../../../src-shared/training/scenario-schema.js';
import { defaultSeedsDir, readScenarioDir } from '../../../src-node/content/content-dir.js';
import { findScript } from '../scripts/script-store.js';
import type { Db } from '../store/open-store.js';

// Training scenarios ship with the workstation (seeds/training), so a trainer needs no network at
// all. They are read on demand: a handful of small files, and an edited file shows up at once.

/** The scenarios shipped with the app; the workstation's config (HOTLINE_TRAINING_DIR) may name another folder. */
export const defaultTrainingDir = (): string => path.join(defaultSeedsDir(), 'training');

/** Scenarios whose script is in this store; files that fail validation are skipped and reported. */
export function loadScenarios(db: Db, dir = defaultTrainingDir()): { scenarios: TrainingScenario[]; problems: ContentProblem[] } {
  const { items, problems } = readScenarioDir(dir, (id) => findScript(db, id));
  return { scenarios: items, problems: problems.map((problem) => ({ ...problem, file: path.basename(problem.file) })) };
}

export const summariseScenario = (scenario: TrainingScenario): ScenarioSummary => ({
  id: scenario.id,
  title: scenario.title,
  difficulty: scenario.difficulty,
  summary: scenario.summary,
  script: scenario.script,
  callerName: scenario.caller.name,
});

export function getScenario(db: Db, id: string, dir = defaultTrainingDir()): TrainingScenario {
  const found = loadScenarios(db, dir).scenarios.find((scenario) => scenario.id === id);
  if (!found) throw new AppFailure('NOT_FOUND', `No training scenario ${id}`);
  return found;
}

const AUDIO_TYPES: Record<string, string> = { '.ogg': 'audio/ogg', '.wav': 'audio/wav' };

/** The file name is validated by the contract (no separators), so it cannot leave the audio folder. */
export function readClip(file: string, dir = defaultTrainingDir()): { mime: string; base64: string } {
  try {
    return { mime: AUDIO_TYPES[path.extname(file)] ?? 'application/octet-stream', base64: readFileSync(path.join(dir, 'audio', file)).toString('base64') };
  } catch {
    throw new AppFailure('NOT_FOUND', `No audio clip ${file}`);
  }
}
