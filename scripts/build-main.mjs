// Bundles the Electron main process (ESM) and the sandboxed preload (CommonJS) into dist/main.
import { build } from 'esbuild';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

// `--outdir` lets a test build elsewhere; the app is dist/main.
const outdir = parseArgs({ options: { outdir: { type: 'string', default: 'dist/main' } } }).values.outdir;

await build({
  entryPoints: ['src-main/app/electron-main.ts'],
  outfile: path.join(outdir, 'electron-main.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
});
await build({
  entryPoints: ['src-main/app/preload.ts'],
  outfile: path.join(outdir, 'preload.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'chrome120',
  external: ['electron'],
});
// The workstation store and the embedded central API read their SQL migrations next to the bundle
// (src-server/storage/schema.ts looks for server-migrations/ first).
cpSync('src-main/services/store/migrations', path.join(outdir, 'migrations'), { recursive: true });
cpSync('src-server/storage/migrations', path.join(outdir, 'server-migrations'), { recursive: true });
console.log(`built ${outdir}`);
