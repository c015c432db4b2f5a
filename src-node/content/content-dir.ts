import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseContentFile, type ContentProblem } from '../../src-shared/content-file.js';
import { Script } from '../../src-shared/scripts/script-schema.js';
import { crossCheckScenario } from '../../src-shared/training/cross-check.js';
import { TrainingScenario } from '../../src-shared/training/scenario-schema.js';

// Reads authored content folders (seeds/scripts, seeds/training). A broken file is skipped and
// reported, never thrown: one author's typo must not take the whole catalogue (or the app) down.

export interface LoadedContent<T> {
  items: T[];
  problems: ContentProblem[];
  /** Files read, valid or not. */
  files: number;
}

// From source this file is src-node/content/; bundled, it is inlined into dist/main/*.mjs; both are
// two levels below the root where electron-builder ships seeds/. The workstation's config
// (HOTLINE_SEEDS_DIR) may name another folder.
const SEED_CANDIDATES = ['../../seeds/'].map((relative) => fileURLToPath(new URL(relative, import.meta.url)));

export const defaultSeedsDir = (): string =>
  SEED_CANDIDATES.find((dir) => existsSync(path.join(dir, 'scripts'))) ?? SEED_CANDIDATES[0]!;

export function readScriptDir(dir: string): LoadedContent<Script> {
  const loaded = readDir(dir, /\.(json|ya?ml)$/i, Script);
  return withUniqueIds(loaded, dir);
}

/** `scripts`: all of them, or a lookup (a store with many scripts parses only the ones scenarios use). */
export function readScenarioDir(dir: string, scripts: readonly Script[] | ((id: string) => Script | undefined)): LoadedContent<TrainingScenario> {
  const loaded = withUniqueIds(readDir(dir, /\.json$/i, TrainingScenario), dir);
  const byId = typeof scripts === 'function' ? { get: scripts } : new Map(scripts.map((script) => [script.id, script]));
  const items: TrainingScenario[] = [];
  for (const { item, file } of loaded.withFiles) {
    const problems = crossCheckScenario(file, item, byId);
    item.customer.forEach((line, index) => {
      if (line.audio && !existsSync(path.join(dir, 'audio', line.audio))) {
        problems.push({ file, path: `customer.${index}.audio`, message: `音频文件不存在 audio/${line.audio} (missing clip)` });
      }
    });
    if (problems.length > 0) loaded.problems.push(...problems);
    else items.push(item);
  }
  return { items, problems: loaded.problems, files: loaded.files };
}

interface DirRead<T> {
  withFiles: { item: T; file: string }[];
  problems: ContentProblem[];
  files: number;
}

function readDir<T extends { id: string }>(dir: string, pattern: RegExp, schema: import('zod').ZodType<T>): DirRead<T> {
  if (!existsSync(dir)) return { withFiles: [], problems: [{ file: dir, path: '(root)', message: '目录不存在 (no such folder)' }], files: 0 };
  const names = readdirSync(dir).filter((name) => pattern.test(name)).sort();
  const withFiles: { item: T; file: string }[] = [];
  const problems: ContentProblem[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      problems.push({ file, path: '(root)', message: `无法读取 (unreadable): ${(error as Error).message}` });
      continue;
    }
    const parsed = parseContentFile(file, text, schema);
    if (parsed.ok) withFiles.push({ item: parsed.value, file });
    else problems.push(...parsed.problems);
  }
  return { withFiles, problems, files: names.length };
}

function withUniqueIds<T extends { id: string }>(read: DirRead<T>, _dir: string): DirRead<T> & LoadedContent<T> {
  const seen = new Map<string, string>();
  const kept: { item: T; file: string }[] = [];
  for (const entry of read.withFiles) {
    const first = seen.get(entry.item.id);
    if (first) {
      read.problems.push({ file: entry.file, path: 'id', message: `id ${entry.item.id} 已在 ${path.basename(first)} 中使用 (duplicate id)` });
      continue;
    }
    seen.set(entry.item.id, entry.file);
    kept.push(entry);
  }
  return { ...read, withFiles: kept, items: kept.map((entry) => entry.item) };
}
