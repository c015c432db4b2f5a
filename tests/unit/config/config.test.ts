import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkstationConfig, WORKSTATION_VARIABLES } from '../../../src-main/config.js';
import { ConfigError } from '../../../src-node/config/env.js';
import { loadServerConfig, SERVER_VARIABLES } from '../../../src-server/config.js';
import { REPO_ROOT } from '../../support/processes.js';

/** The problems a load reports, or [] when it succeeded. */
function problemsOf(load: () => unknown): string[] {
  try {
    load();
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('central API configuration (src-server/config.ts)', () => {
  it('nothing set: the documented defaults', () => {
    expect(loadServerConfig({})).toEqual({
      port: 8700,
      db: '.data/central.db',
      logLevel: 'info',
      tokenSecret: undefined,
      rateLimit: undefined,
      pgPoolSize: 10,
      softphone: { configFile: undefined, wsUrl: undefined, domain: undefined, secret: undefined, afterCallWorkSeconds: undefined },
      faults: undefined,
    });
  });

  it('good values are parsed into what the modules take', () => {
    const config = loadServerConfig({
      PORT: '0',
      HOTLINE_DB: 'postgres://hotline@127.0.0.1:5432/central',
      LOG_LEVEL: 'warn',
      HOTLINE_TOKEN_SECRET: 'a-secret-of-thirty-two-bytes-or-more',
      HOTLINE_RATE_LIMIT: '5:20',
      HOTLINE_PG_POOL: '25',
      HOTLINE_SIP_WS_URL: 'wss://sip.example.cn:7443',
      HOTLINE_SIP_DOMAIN: 'hotline.example.cn',
      HOTLINE_SIP_SECRET: 'shared-with-kamailio',
      HOTLINE_ACW_SECONDS: '0',
      HOTLINE_FAULTS: 'server.push.mid-transaction:0.03,client.push.after-reply:1',
    });
    expect(config).toMatchObject({ port: 0, db: 'postgres://hotline@127.0.0.1:5432/central', logLevel: 'warn', rateLimit: { perSecond: 5, burst: 20 }, pgPoolSize: 25 });
    expect(config.tokenSecret).toBe('a-secret-of-thirty-two-bytes-or-more');
    expect(config.softphone).toEqual({ configFile: undefined, wsUrl: 'wss://sip.example.cn:7443', domain: 'hotline.example.cn', secret: 'shared-with-kamailio', afterCallWorkSeconds: 0 });
    expect(config.faults).toBe('server.push.mid-transaction:0.03,client.push.after-reply:1');
    expect(loadServerConfig({ HOTLINE_RATE_LIMIT: 'off' }).rateLimit).toBe(false);
  });

  it('an empty variable counts as unset', () => {
    expect(loadServerConfig({ PORT: '', HOTLINE_RATE_LIMIT: '', HOTLINE_FAULTS: '' })).toMatchObject({ port: 8700, rateLimit: undefined, faults: undefined });
  });

  it.each([
    ['PORT', 'eighty', '整数 / expected a whole number from 0 to 65535'],
    ['PORT', '70000', 'expected a whole number from 0 to 65535'],
    ['PORT', '-1', 'expected a whole number'],
    ['LOG_LEVEL', 'verbose', 'expected one of fatal|error|warn|info|debug|trace|silent'],
    ['HOTLINE_RATE_LIMIT', '30', 'expected off or <per second>:<burst>'],
    ['HOTLINE_RATE_LIMIT', '0:10', 'expected off or <per second>:<burst>'],
    ['HOTLINE_PG_POOL', '0', 'expected a whole number from 1 to 1000'],
    ['HOTLINE_SIP_WS_URL', 'http://sip.example.cn', 'expected a ws:// or wss:// URL'],
    ['HOTLINE_SIP_SECRET', 'abc', 'at least 8 characters'],
    ['HOTLINE_ACW_SECONDS', '1.5', 'expected a whole number from 0 to 600'],
    ['HOTLINE_FAULTS', 'server.push.mid-transaction:2', 'probabilities from 0 to 1'],
  ])('%s=%s is refused, naming the variable and the value', (name, value, reason) => {
    const problems = problemsOf(() => loadServerConfig({ [name]: value }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`${name}=${JSON.stringify(value)}: `);
    expect(problems[0]).toContain(reason);
    expect(problems[0]).toMatch(/[\u4e00-\u9fff]/); // the Chinese half is there too
  });

  it('every bad variable is reported at once, and the message says why the process does not start (zh/en)', () => {
    let error: unknown;
    try {
      loadServerConfig({ PORT: 'x', HOTLINE_PG_POOL: 'many' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((problem) => problem.split('=')[0])).toEqual(['PORT', 'HOTLINE_PG_POOL']);
    expect((error as ConfigError).message).toMatch(/^配置有误，无法启动 \/ Bad configuration, not starting:\n {2}PORT="x": /);
  });

  it('the --port and --db flags win over the variables and are named when bad', () => {
    expect(loadServerConfig({ PORT: '1', HOTLINE_DB: 'a.db' }, { port: '2', db: 'b.db' })).toMatchObject({ port: 2, db: 'b.db' });
    expect(problemsOf(() => loadServerConfig({ PORT: '1' }, { port: 'x' }))[0]).toMatch(/^--port="x": /);
  });
});

describe('workstation configuration (src-main/config.ts)', () => {
  const shippedTraining = path.join(REPO_ROOT, 'seeds', 'training');

  it('nothing set: the documented defaults', () => {
    expect(loadWorkstationConfig({})).toEqual({
      serverUrl: undefined,
      profileDir: undefined,
      syncIntervalMs: 5_000,
      webPort: 0,
      webSecret: undefined,
      trainingDir: shippedTraining,
      logLevel: 'info',
      faults: undefined,
    });
  });

  it('good values, flags winning over variables', () => {
    const config = loadWorkstationConfig(
      { HOTLINE_SERVER_URL: 'https://hotline.example.cn', HOTLINE_PROFILE_DIR: '/a', HOTLINE_SYNC_INTERVAL_MS: '2000', HOTLINE_WEB_PORT: '8080', HOTLINE_SEEDS_DIR: '/seeds', LOG_LEVEL: 'debug' },
      { profileDir: '/b', port: '9090' },
    );
    expect(config).toMatchObject({ serverUrl: 'https://hotline.example.cn', profileDir: '/b', syncIntervalMs: 2000, webPort: 9090, trainingDir: path.join('/seeds', 'training'), logLevel: 'debug' });
    expect(loadWorkstationConfig({ HOTLINE_SEEDS_DIR: '/seeds', HOTLINE_TRAINING_DIR: '/course' }).trainingDir).toBe('/course');
    // npm start blanks the URL to ask for the embedded API.
    expect(loadWorkstationConfig({ HOTLINE_SERVER_URL: '' }).serverUrl).toBeUndefined();
  });

  it.each([
    ['HOTLINE_SERVER_URL', 'hotline.example.cn', 'expected a http:// or https:// URL'],
    ['HOTLINE_SERVER_URL', 'ftp://hotline.example.cn', 'expected a http:// or https:// URL'],
    ['HOTLINE_SYNC_INTERVAL_MS', '5s', 'expected a whole number from 100 to 3600000'],
    ['HOTLINE_SYNC_INTERVAL_MS', '10', 'expected a whole number from 100 to 3600000'],
    ['HOTLINE_WEB_PORT', '65536', 'expected a whole number from 0 to 65535'],
    ['LOG_LEVEL', 'INFO', 'expected one of'],
    ['HOTLINE_FAULTS', 'client.push.after-reply', 'expected name:probability'],
  ])('%s=%s is refused, naming the variable', (name, value, reason) => {
    const problems = problemsOf(() => loadWorkstationConfig({ [name]: value }));
    expect(problems).toEqual([expect.stringContaining(`${name}=${JSON.stringify(value)}: `)]);
    expect(problems[0]).toContain(reason);
  });

  it('a bad flag is named as the flag', () => {
    expect(problemsOf(() => loadWorkstationConfig({}, { serverUrl: 'localhost:8700' }))[0]).toMatch(/^--server-url="localhost:8700": /);
  });
});

describe("README's configuration table", () => {
  // The table rows as an operator reads them: | `NAME` | process | default | meaning |
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const documented = new Map(
    [...readme.matchAll(/^\| `([A-Z_]+)` \| ([^|]+) \|/gm)].map((match) => [match[1]!, match[2]!.trim()] as const),
  );

  it('lists every variable each process reads, under that process', () => {
    for (const name of SERVER_VARIABLES) expect(documented.get(name), name).toMatch(/central API/);
    for (const name of WORKSTATION_VARIABLES) expect(documented.get(name), name).toMatch(/workstation/);
  });

  it('lists nothing the processes do not read', () => {
    const read = new Set([...SERVER_VARIABLES, ...WORKSTATION_VARIABLES]);
    expect([...documented.keys()].filter((name) => !read.has(name))).toEqual([]);
  });
});
