import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/processes.js';

// The layers are enforced by the import zones in eslint.config.js. This feeds the real config
// files that are not on disk (ESLint's lintText with a path inside a layer) whose one import
// crosses a layer the wrong way, and expects ESLint to refuse it; the same file with a permitted
// import must pass. The imported modules are real, so the resolver judges what they resolve to.

const eslint = new ESLint({ cwd: REPO_ROOT });

async function layerErrors(file: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`export * from '${specifier}';\n`, { filePath: path.join(REPO_ROOT, file) });
  return result!.messages.filter((message) => message.severity === 2).map((message) => `${message.ruleId}: ${message.message}`);
}

const forbidden: [string, string, string, RegExp][] = [
  ['src-shared imports nothing else of ours', 'src-shared/tickets/probe.ts', '../../src-main/services/workstation.js', /src-shared runs anywhere/],
  ['src-shared uses no Node built-in', 'src-shared/probe.ts', 'node:fs', /no Node built-ins/],
  ['src-shared uses no Node built-in (bare name)', 'src-shared/probe.ts', 'path', /no Node built-ins/],
  ['src-shared uses no native module', 'src-shared/probe.ts', 'better-sqlite3', /Node-only package/],
  ['the renderer never imports main', 'src-renderer/features/tickets/probe.ts', '../../../src-main/services/store/open-store.js', /only src-shared/],
  ['the renderer never imports server code', 'src-renderer/app/probe.ts', '../../src-server/index.js', /only src-shared/],
  ['the renderer never imports src-node', 'src-renderer/platform/probe.ts', '../../src-node/passwords.js', /only src-shared/],
  ['the renderer uses no Node built-in', 'src-renderer/features/handbook/probe.ts', 'node:fs', /no Node built-ins/],
  ['a renderer feature never imports another directly', 'src-renderer/features/training/probe.ts', '../softphone/softphone-store.js', /only through app\//],
  ['shared renderer UI imports no feature', 'src-renderer/ui/probe.ts', '../features/session/session-store.js', /imports none/],
  ['the platform layer imports nothing above it', 'src-renderer/platform/probe.ts', '../app/i18n/i18n.js', /sits under everything/],
  ['src-node imports no workstation code', 'src-node/sqlite/probe.ts', '../../src-main/services/store/open-store.js', /imports only src-shared/],
  ['src-node imports no server code', 'src-node/probe.ts', '../src-server/storage/storage.js', /imports only src-shared/],
  ['the central API never imports the workstation', 'src-server/routes/probe.ts', '../../src-main/services/workstation.js', /never imports the workstation/],
  ['main services never import electron', 'src-main/services/probe.ts', 'electron', /Only src-main\/app may import electron/],
  ['main services never import the central API', 'src-main/services/sync/probe.ts', '../../../src-server/index.js', /Only src-main\/host starts the central API/],
  ['the workstation CLI never imports the central API', 'src-main/cli/probe.ts', '../../src-server/storage/storage.js', /Only src-main\/host/],
  ['the host imports only the central API entry', 'src-main/host/probe.ts', '../../src-server/start.js', /one public entry: src-server\/index.ts/],
  ['the central API never imports the renderer', 'src-server/probe.ts', '../src-renderer/platform/workstation.js', /never imports the workstation/],
];

const permitted: [string, string, string][] = [
  ['a renderer feature uses another through app/', 'src-renderer/features/training/probe.ts', '../../app/cross-feature.js'],
  ['a renderer feature imports src-shared', 'src-renderer/features/calls/probe.ts', '../../../src-shared/domain/calls.js'],
  ['the host imports the central API entry', 'src-main/host/probe.ts', '../../src-server/index.js'],
  ['main services import src-node', 'src-main/services/probe.ts', '../../src-node/sqlite/prepared.js'],
  ['the central API imports src-node', 'src-server/probe.ts', '../src-node/passwords.js'],
  ['src-shared imports src-shared', 'src-shared/tickets/probe.ts', '../result.js'],
];

describe('import zones (eslint.config.js)', () => {
  it.each(forbidden)('refuse: %s', async (_name, file, specifier, expected) => {
    const errors = await layerErrors(file, specifier);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(expected);
  });

  it.each(permitted)('allow: %s', async (_name, file, specifier) => {
    expect(await layerErrors(file, specifier)).toEqual([]);
  });

  it('judge the file an import resolves to, not its spelling: a cross-feature import via app/.. is refused', async () => {
    const errors = await layerErrors('src-renderer/features/training/probe.ts', '../../app/../features/tickets/tickets-store.js');
    expect(errors.join('\n')).toMatch(/only through app\//);
  });
});

describe('layer type-checking', () => {
  // A compiler run is slow on a busy machine; it is bounded by its own generous limit, not the unit default.
  const COMPILE_MS = 180_000;
  const tsc = (...args: string[]) => spawnSync(path.join(REPO_ROOT, 'node_modules/.bin/tsc'), args, { cwd: REPO_ROOT, encoding: 'utf8' });
  const libsOf = (listed: string) => {
    const files = listed.split('\n');
    return { dom: files.some((file) => file.endsWith('/lib.dom.d.ts')), node: files.some((file) => file.includes('/@types/node/')) };
  };

  it(
    'src-shared compiles without DOM and Node types',
    () => {
      const run = tsc('-p', 'tsconfig.shared.json', '--listFiles');
      expect(run.stderr + run.stdout.split('\n').filter((line) => !line.startsWith('/')).join('\n')).toBe('');
      expect(run.status).toBe(0);
      expect(libsOf(run.stdout)).toEqual({ dom: false, node: false });
    },
    COMPILE_MS,
  );

  it.each([
    ['tsconfig.renderer.json', { dom: true, node: false }],
    ['tsconfig.node.json', { dom: false, node: true }],
  ])(
    '%s has the DOM and Node types it should, and not the other: %o',
    (config, expected) => {
      const run = tsc('-p', config, '--listFilesOnly');
      expect(run.status).toBe(0);
      expect(libsOf(run.stdout)).toEqual(expected);
    },
    COMPILE_MS,
  );
});
