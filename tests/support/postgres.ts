import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

const PGBIN = process.env.PGBIN ?? '/usr/lib/postgresql/15/bin';

export interface ThrowawayPostgres {
  /** postgres://postgres@127.0.0.1:PORT/DB */
  url(database?: string): string;
  createDatabase(name: string): string;
  /** `pg_ctl restart -m <mode>` (fast: clean shutdown; immediate: like a crash, with WAL recovery). */
  restart(mode: 'fast' | 'immediate'): void;
  /** Stops the server (the data stays) until `start()`. */
  halt(mode: 'fast' | 'immediate'): void;
  start(): void;
  /** Runs an SQL file (e.g. a pg_dump) against a database URL; stops at the first error. */
  psqlFile(url: string, file: string): void;
  stop(): void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A PostgreSQL 15 server of its own for one test run: initdb in a temp dir as the `postgres` user,
 * loopback only, fsync off (throwaway data). Stop it in teardown.
 */
export async function startPostgres(options: { durableCommits?: boolean } = {}): Promise<ThrowawayPostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-pg-'));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const asPostgres = (command: string, args: string[]) => {
    const isRoot = process.getuid?.() === 0;
    const result = isRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', path.join(PGBIN, command), ...args], { encoding: 'utf8' })
      : spawnSync(path.join(PGBIN, command), args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
  };
  const data = path.join(dir, 'data');
  asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  // fsync off: the machine does not crash under a test. synchronous_commit stays on when a test
  // kills PostgreSQL (-m immediate) and counts acknowledged commits: off, a commit is answered
  // before its WAL is written, and a crash may rightly lose it.
  const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=${options.durableCommits ? 'on' : 'off'} -c full_page_writes=off -c max_connections=200`;
  const pgCtl = (action: string, mode?: string) =>
    asPostgres('pg_ctl', ['-D', data, '-l', path.join(dir, 'pg.log'), '-w', ...(mode ? ['-m', mode] : []), '-o', settings, action]);
  pgCtl('start');
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  let stopped = false;
  return {
    url,
    createDatabase(name) {
      asPostgres('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name]);
      return url(name);
    },
    restart: (mode) => pgCtl('restart', mode),
    halt: (mode) => pgCtl('stop', mode),
    start: () => pgCtl('start'),
    psqlFile(databaseUrl, file) {
      execFileSync(path.join(PGBIN, 'psql'), ['-q', '-v', 'ON_ERROR_STOP=1', '-d', databaseUrl, '-f', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        if (existsSync(path.join(data, 'postmaster.pid'))) asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** True when this machine can run a throwaway PostgreSQL (binaries present). */
export function postgresAvailable(): boolean {
  try {
    execFileSync(path.join(PGBIN, 'pg_ctl'), ['--version']);
    return true;
  } catch {
    return false;
  }
}

/**
 * A scratch folder and a throwaway PostgreSQL shared by the tests of one file (or describe): made
 * before them, stopped and removed after. Read `dir` and `postgres` inside tests and hooks only.
 */
export function useScratchWithPostgres(prefix: string): { readonly dir: string; readonly postgres: ThrowawayPostgres } {
  const scratch = {} as { dir: string; postgres: ThrowawayPostgres };
  beforeAll(async () => {
    scratch.dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    scratch.postgres = await startPostgres();
  });
  afterAll(() => {
    scratch.postgres?.stop();
    if (scratch.dir) rmSync(scratch.dir, { recursive: true, force: true });
  });
  return scratch;
}
