// `npm start`: the desktop app where Electron's binary exists; otherwise browser mode, saying so.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ensureNodeModules } from './ensure-node-modules.mjs';

const require = createRequire(import.meta.url);
const run = (command, args) => {
  const result = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
const bin = (name) => `node_modules/.bin/${name}${process.platform === 'win32' ? '.cmd' : ''}`;

ensureNodeModules();

// npm never runs Electron's download script (package.json allowScripts): we try it here, once per
// start, and fall back to browser mode where it cannot be had (no access to Electron's downloads).
function electronBinary() {
  const binary = installedElectron();
  if (binary) return binary;
  spawnSync(process.execPath, ['node_modules/electron/install.js'], { stdio: 'ignore', timeout: 180_000 });
  return installedElectron();
}

function installedElectron() {
  try {
    const binary = require('electron'); // a path string; throws when the binary was never downloaded
    return typeof binary === 'string' && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

/** Runs the app as a child and passes Ctrl+C / a stop on to it, so stopping `npm start` stops the app. */
function runApp(command, args) {
  const app = spawn(command, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => app.kill(signal));
  app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const electron = electronBinary();
run(bin('vite'), ['build', '--logLevel', 'warn']);
if (electron) {
  run(process.execPath, ['scripts/build-main.mjs']);
  runApp(electron, ['.', ...process.argv.slice(2)]);
} else {
  console.log('Electron binary not installed on this machine: starting browser mode instead (open the URL below).');
  runApp(bin('tsx'), ['src-main/host/web/main.ts', ...process.argv.slice(2)]);
}
