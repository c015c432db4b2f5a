import path from 'node:path';
import { formatProblem } from '../../src-shared/content-file.js';
import { Script } from '../../src-shared/scripts/script-schema.js';
import { readScriptDir } from '../../src-node/content/content-dir.js';
import type { ServerStorage } from '../storage/storage.js';

/**
 * Publishes the service scripts of a folder (collection `scripts`, for everyone). A script is
 * written only when it is new or its `version` is higher than the published one, so restarting
 * the server publishes exactly the scripts an author changed. Broken files are skipped and reported.
 */
export async function publishScripts(
  storage: ServerStorage,
  dir: string,
  report: (line: string) => void = (line) => console.warn(line),
): Promise<{ published: string[]; problems: number }> {
  const { items, problems } = readScriptDir(dir);
  for (const problem of problems) report(`script skipped: ${formatProblem({ ...problem, file: path.basename(problem.file) })}`);
  const changed: Script[] = [];
  for (const script of items) {
    const current = await storage.getDocument('scripts', script.id);
    const published = current && !current.deleted ? Script.safeParse(current.data) : undefined;
    if (!published?.success || published.data.version < script.version) changed.push(script);
  }
  if (changed.length > 0) await storage.putDocuments(changed.map((script) => ({ collection: 'scripts', id: script.id, data: script })));
  return { published: changed.map((script) => script.id), problems: problems.length };
}
