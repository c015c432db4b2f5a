// Lets `npm start` and `npm test` be the only two commands on a fresh clone: installs the npm
// dependencies first when they are missing (better-sqlite3 builds from source where no prebuilt exists).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export function ensureNodeModules() {
  if (existsSync('node_modules/.bin/tsx') && existsSync('node_modules/better-sqlite3/build/Release/better_sqlite3.node')) return;
  console.log('Installing npm dependencies (first run; building native modules can take a few minutes)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
