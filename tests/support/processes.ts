import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface StartedProcess {
  child: ChildProcess;
  /** The first match of the ready pattern in stdout (e.g. the URL the process printed). */
  match: RegExpExecArray;
  output(): string;
  /** Sends a signal and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts a real child process and waits until it prints a line matching `ready`. */
export function startProcess(
  command: string,
  args: string[],
  options: { ready: RegExp; env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string; processGroup?: boolean },
): Promise<StartedProcess> {
  // processGroup: the command starts children of its own (npm → start.mjs → tsx → node); stopping
  // signals the whole group, so nothing is left listening after the test.
  const child = spawn(command, args, { cwd: options.cwd ?? REPO_ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: options.processGroup ?? false });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (options.processGroup && child.pid) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // the group is gone already
      }
    } else if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop('SIGKILL');
      reject(new Error(`${path.basename(command)} ${args.join(' ')} not ready in time:\n${output}`));
    }, options.timeoutMs ?? 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = options.ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match, output: () => output, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${args.map((arg) => path.basename(arg)).join(' ')} exited early (${code ?? signal}):\n${output}`));
    });
  });
}

/**
 * Runs a TypeScript entry point of this repo in ONE node process with tsx's loader. Not the `tsx`
 * wrapper: it relays signals to a child and SIGKILLs it when the child is busy for 60 ms, which
 * defeats graceful shutdown, and a `kill -9` of the wrapper would orphan the real process.
 */
export const startTs = (entry: string, args: string[], options: Parameters<typeof startProcess>[2]) =>
  startProcess(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, entry), ...args], options);

export interface CentralApi extends StartedProcess {
  url: string;
  port: number;
}

/** The central API as its own process, so a test can stop it (go offline) and start it again. */
export async function startCentralApi(db: string, port = 0, env: NodeJS.ProcessEnv = {}): Promise<CentralApi> {
  const started = await startTs('src-server/main.ts', ['--db', db, '--port', String(port)], {
    ready: /listening on (http:\/\/127\.0\.0\.1:(\d+))/,
    env: { LOG_LEVEL: 'warn', ...env },
  });
  return { ...started, url: started.match[1]!, port: Number(started.match[2]) };
}

export interface WebHost extends StartedProcess {
  url: string;
}

/** The browser-mode host (services + IPC over WebSocket) as its own process. */
export async function startWebHost(options: { profileDir: string; serverUrl?: string; env?: NodeJS.ProcessEnv }): Promise<WebHost> {
  const args = ['--profile-dir', options.profileDir];
  if (options.serverUrl) args.push('--server-url', options.serverUrl);
  const started = await startTs('src-main/host/web/main.ts', args, {
    ready: /browser mode\): (http:\/\/\S+)/,
    env: { LOG_LEVEL: 'warn', HOTLINE_SYNC_INTERVAL_MS: '2000', ...options.env },
  });
  return { ...started, url: started.match[1]! };
}
