import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/processes.js';

// The Electron main is one esbuild bundle with the embedded central API inside it. Its schema files
// must be found next to the bundle, apart from the workstation's (which sit in migrations/ there).

const outdir = path.join(REPO_ROOT, 'test-results', `build-main-${process.pid}`);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

it('the bundled Electron main finds the central API migrations next to it and applies them', async () => {
  const built = spawnSync(process.execPath, ['scripts/build-main.mjs', '--outdir', outdir], { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(built.stderr).toBe('');
  expect(built.status).toBe(0);
  for (const dialect of ['sqlite', 'postgres']) {
    expect(readdirSync(path.join(outdir, 'server-migrations', dialect))).toEqual(readdirSync(path.join(REPO_ROOT, 'src-server/storage/migrations', dialect)));
  }
  // The same bundling as the app's main, of the storage alone (the real bundle needs Electron to run).
  await build({
    stdin: { contents: `export { SqliteStorage } from './src-server/storage/sqlite-storage.ts';\nexport { serverMigrationsDir } from './src-server/storage/schema.ts';`, resolveDir: REPO_ROOT, loader: 'ts' },
    outfile: path.join(outdir, 'storage-probe.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  const bundled = (await import(pathToFileURL(path.join(outdir, 'storage-probe.mjs')).href)) as typeof import('../../../src-server/storage/sqlite-storage.js') &
    typeof import('../../../src-server/storage/schema.js');
  expect(bundled.serverMigrationsDir('sqlite')).toBe(path.join(outdir, 'server-migrations', 'sqlite') + path.sep);

  mkdirSync(path.join(outdir, 'data'), { recursive: true });
  const file = path.join(outdir, 'data', 'embedded-central.db');
  await new bundled.SqliteStorage(file).close();
  const db = new Database(file, { readonly: true });
  const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
  db.close();
  expect(versions).toEqual(readdirSync(path.join(REPO_ROOT, 'src-server/storage/migrations/sqlite')).map((name) => Number(name.slice(0, 3))));
});
