import type { RendererLogEntry } from '../../src-shared/ipc/app.js';
import { invoke } from './workstation.js';

// The renderer's way into main's log (the `app.log` channel): for failures the agent is not shown
// but a team's IT must be able to find (a refused headset, a status refresh that failed), instead
// of an empty catch. Say what failed; never put customer data in `message`.

export type LogLevel = RendererLogEntry['level'];

/** Writes one line to main's log. Never throws and never makes the caller wait. */
export function log(level: LogLevel, scope: string, message: string, error?: unknown): void {
  const detail = error === undefined ? undefined : describe(error).slice(0, 2000);
  const entry: RendererLogEntry = { level, scope, message: message.slice(0, 500), ...(detail ? { detail } : {}) };
  // The host itself is unreachable: the console is all that is left.
  invoke('app.log', entry).catch((failure: unknown) => console.warn('app.log failed', failure, entry));
}

/** For `.catch(…)`: logs the rejection at warn under `scope` and resolves to undefined. */
export const logFailure =
  (scope: string, message: string, level: LogLevel = 'warn') =>
  (error: unknown): undefined => {
    log(level, scope, message, error);
    return undefined;
  };

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  // An IPC failure value ({ code, message }).
  if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error) return `${String(error.code)}: ${String(error.message)}`;
  return String(error);
}
