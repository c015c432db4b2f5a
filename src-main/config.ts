import path from 'node:path';
import { z } from 'zod';
import { FaultSpec, intVar, LogLevel, parseEnv, urlVar, type Env } from '../src-node/config/env.js';
import { defaultSeedsDir } from '../src-node/content/content-dir.js';

// The workstation's configuration (Electron and browser mode): read once at start from the
// environment and the command line, then passed down. README's configuration table lists every
// variable; flags of `npm run web` win over variables.
const WorkstationEnv = z.object({
  /** Central API; unset: an embedded API with the seed data starts on loopback. */
  HOTLINE_SERVER_URL: urlVar('http').optional(),
  /** Profile folder (one SQLite file per agent). */
  HOTLINE_PROFILE_DIR: z.string().optional(),
  /** How often sync runs while online, in ms. */
  HOTLINE_SYNC_INTERVAL_MS: intVar(100, 3_600_000).default(5_000),
  /** Browser-mode port; 0 picks a free one. */
  HOTLINE_WEB_PORT: intVar(0, 65_535).default(0),
  /** Browser-mode per-launch secret; unset: a random one each launch. */
  HOTLINE_WEB_SECRET: z.string().optional(),
  /** The seed content shipped with the app (training scenarios are in its training/). */
  HOTLINE_SEEDS_DIR: z.string().optional(),
  HOTLINE_TRAINING_DIR: z.string().optional(),
  LOG_LEVEL: LogLevel,
  HOTLINE_FAULTS: FaultSpec,
});

/** The variables the workstation reads (README's configuration table lists each; a test checks). */
export const WORKSTATION_VARIABLES = Object.keys(WorkstationEnv.shape);

export interface WorkstationConfig {
  serverUrl: string | undefined;
  /** undefined: the host's default (Electron: the app's userData; browser mode: ~/.hotline-workstation). */
  profileDir: string | undefined;
  syncIntervalMs: number;
  webPort: number;
  webSecret: string | undefined;
  trainingDir: string;
  logLevel: LogLevel;
  faults: string | undefined;
}

/** Command-line flags of `npm run web` that stand for a variable. */
export interface WorkstationFlags {
  serverUrl?: string;
  profileDir?: string;
  port?: string;
  secret?: string;
}

const FLAGS = { serverUrl: ['HOTLINE_SERVER_URL', '--server-url'], profileDir: ['HOTLINE_PROFILE_DIR', '--profile-dir'], port: ['HOTLINE_WEB_PORT', '--port'], secret: ['HOTLINE_WEB_SECRET', '--secret'] } as const;

/** Throws ConfigError naming each bad variable (or flag). */
export function loadWorkstationConfig(env: Env, flags: WorkstationFlags = {}): WorkstationConfig {
  const merged: Env = { ...env };
  const labels: Record<string, string> = {};
  for (const [flag, [variable, label]] of Object.entries(FLAGS) as [keyof WorkstationFlags, (typeof FLAGS)[keyof WorkstationFlags]][]) {
    if (flags[flag] === undefined) continue;
    merged[variable] = flags[flag];
    labels[variable] = label;
  }
  const parsed = parseEnv(WorkstationEnv, merged, labels);
  return {
    serverUrl: parsed.HOTLINE_SERVER_URL,
    profileDir: parsed.HOTLINE_PROFILE_DIR,
    syncIntervalMs: parsed.HOTLINE_SYNC_INTERVAL_MS,
    webPort: parsed.HOTLINE_WEB_PORT,
    webSecret: parsed.HOTLINE_WEB_SECRET,
    trainingDir: parsed.HOTLINE_TRAINING_DIR ?? path.join(parsed.HOTLINE_SEEDS_DIR ?? defaultSeedsDir(), 'training'),
    logLevel: parsed.LOG_LEVEL,
    faults: parsed.HOTLINE_FAULTS,
  };
}
