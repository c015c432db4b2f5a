import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/processes.js';

// The architecture's layering, checked on every file: only src-main/app touches Electron, and
// src-shared runs anywhere (renderer, main, server) so it may not use Node or the DOM.

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts|cts)$/.test(name) ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (match) => match[1] ?? match[2] ?? match[3]!,
  );
}

const NODE_BUILTINS = new Set(['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'events', 'stream', 'worker_threads', 'zlib', 'buffer']);

describe('layering', () => {
  it.each(['src-main/services', 'src-main/host', 'src-main/ipc', 'src-main/cli', 'src-server', 'src-shared', 'src-renderer'])(
    '%s never imports electron',
    (dir) => {
      const offenders = sourceFiles(path.join(REPO_ROOT, dir)).filter((file) => importsOf(file).includes('electron'));
      expect(offenders.map((file) => path.relative(REPO_ROOT, file))).toEqual([]);
    },
  );

  it('src-shared imports no Node built-ins and no native modules', () => {
    const offenders = sourceFiles(path.join(REPO_ROOT, 'src-shared')).flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('node:') || NODE_BUILTINS.has(spec) || spec === 'better-sqlite3' || spec === 'pg')
        .map((spec) => `${path.relative(REPO_ROOT, file)} → ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('src-shared compiles without DOM and Node types', () => {
    const tsc = spawnSync(path.join(REPO_ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.shared.json'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('src-renderer reaches main only through the contract, never through main or server code', () => {
    const offenders = sourceFiles(path.join(REPO_ROOT, 'src-renderer')).flatMap((file) =>
      importsOf(file)
        .filter((spec) => /src-main|src-server/.test(spec) || spec.startsWith('node:') || spec === 'better-sqlite3')
        .map((spec) => `${path.relative(REPO_ROOT, file)} → ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});
