// Bundles the Electron main process (ESM) and the sandboxed preload (CommonJS) into dist/main.
import { build } from 'esbuild';
import { cpSync } from 'node:fs';

await build({
  entryPoints: ['src-main/app/electron-main.ts'],
  outfile: 'dist/main/electron-main.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
});
await build({
  entryPoints: ['src-main/app/preload.ts'],
  outfile: 'dist/main/preload.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'chrome120',
  external: ['electron'],
});
// The store reads its SQL migrations next to the bundle.
cpSync('src-main/services/store/migrations', 'dist/main/migrations', { recursive: true });
console.log('built dist/main');
