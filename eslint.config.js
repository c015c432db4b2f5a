import { readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

// Import zones: the layers of docs/architecture.md, enforced on every import (static, dynamic,
// re-export, type-only). `import-x/no-restricted-paths` judges the file an import resolves to, so
// `../../src-main/x.js` is caught however many `../` it takes; Node built-ins and packages are
// judged by name with `no-restricted-imports`. tests/unit/layering.test.ts feeds forbidden imports
// through this config and expects each to be refused.

const features = readdirSync(path.join(import.meta.dirname, 'src-renderer/features'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** Everything of ours except the folders listed: `from: '.'` with these as the exceptions. */
const onlyFrom = (...allowed) => ({ from: '.', except: ['./node_modules', ...allowed.map((dir) => `./${dir}`)] });

const zones = [
  { target: 'src-shared', ...onlyFrom('src-shared'), message: 'src-shared runs anywhere: it imports nothing else of ours.' },
  { target: 'src-node', ...onlyFrom('src-node', 'src-shared'), message: 'src-node is shared by the workstation and the central API: it imports only src-shared.' },
  { target: 'src-renderer', ...onlyFrom('src-renderer', 'src-shared'), message: 'The renderer reaches main only through the IPC contract: it imports only src-shared.' },
  ...features.map((feature) => ({
    target: `src-renderer/features/${feature}`,
    from: 'src-renderer/features',
    except: [`./${feature}`],
    message: 'Renderer features use each other only through app/ (app/cross-feature.ts).',
  })),
  { target: 'src-renderer/ui', from: 'src-renderer/features', message: 'Shared UI serves every feature and imports none.' },
  {
    target: 'src-renderer/platform',
    from: ['src-renderer/app', 'src-renderer/ui', 'src-renderer/features'],
    message: 'The platform layer (IPC client, bridge) sits under everything in the renderer.',
  },
  { target: 'src-server', from: ['src-main', 'src-renderer'], message: 'The central API never imports the workstation.' },
  { target: 'src-main', from: 'src-renderer', message: 'Main reaches the renderer only through the IPC contract.' },
  {
    target: ['src-main/app', 'src-main/cli', 'src-main/ipc', 'src-main/services'],
    from: 'src-server',
    message: 'Only src-main/host starts the central API; commands that write the central database live in src-server/cli.',
  },
  { target: 'src-main/host', from: 'src-server', except: ['./index.ts'], message: 'The central API has one public entry: src-server/index.ts.' },
];

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_') && !name.startsWith('node:'));
const nodeOnlyPackages = ['better-sqlite3', 'better-sqlite3-multiple-ciphers', 'pg', 'fastify', 'pino', 'ws', 'electron'];
const withoutNode = 'src-shared and the renderer run without Node: no Node built-ins.';
const noElectron = { name: 'electron', message: 'Only src-main/app may import electron.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['src-*/**/*.{ts,tsx,mts,cts}'],
    plugins: { 'import-x': importX },
    settings: {
      // Sources import `./x.js` for `./x.ts` (NodeNext); the resolver maps them as tsc does.
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json'], extensionAlias: { '.js': ['.ts', '.tsx', '.js'], '.mjs': ['.mts', '.mjs'] } }),
      ],
    },
    rules: { 'import-x/no-restricted-paths': ['error', { zones, basePath: import.meta.dirname }] },
  },
  {
    // Only src-main/app may touch Electron.
    files: ['src-main/services/**', 'src-main/host/**', 'src-main/ipc/**', 'src-main/cli/**', 'src-server/**', 'src-node/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    files: ['src-shared/**', 'src-renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            noElectron,
            ...nodeOnlyPackages.filter((name) => name !== 'electron').map((name) => ({ name, message: 'Node-only package: not in src-shared or the renderer.' })),
            ...nodeBuiltins.map((name) => ({ name, message: withoutNode })),
          ],
          patterns: [{ group: ['node:*'], message: withoutNode }],
        },
      ],
    },
  },
  {
    // A failure the softphone or sync UI swallows is invisible in the field: log it through
    // platform/log.ts (the rate-limited app.log channel into main's log) or show it to the agent.
    files: ['src-renderer/features/softphone/**', 'src-renderer/features/sync/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          "CallExpression[callee.property.name='catch'] > ArrowFunctionExpression[body.type='Identifier'][body.name='undefined']",
          "CallExpression[callee.property.name='catch'] > ArrowFunctionExpression[body.type='BlockStatement'][body.body.length=0]",
          "CallExpression[callee.property.name='catch'] > ArrowFunctionExpression[body.type='Literal'][body.value=null]",
          'CatchClause > BlockStatement[body.length=0]',
        ].map((selector) => ({ selector, message: 'A swallowed failure: log it with log()/logFailure() from platform/log.ts, or show it to the agent.' })),
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // Playwright fixtures must destructure their (empty) dependencies.
    files: ['tests/e2e/**'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['**/*.cjs', '**/*.cts'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
