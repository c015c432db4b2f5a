// Lets `npm start` and `npm test` be the only two commands on a fresh clone: installs the npm
// dependencies first when they are missing (the SQLite modules build from source where no prebuilt exists).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export function ensureNodeModules() {
  const built = ['better-sqlite3', 'better-sqlite3-multiple-ciphers'].every((name) => existsSync(`node_modules/${name}/build/Release/better_sqlite3.node`));
  if (existsSync('node_modules/.bin/tsx') && built) return;
  console.log('Installing npm dependencies (first run; building native modules can take a few minutes)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
