import { z } from 'zod';

// Each process (workstation, central API) parses its environment once at start with one zod
// schema and passes the result down; a bad value stops it at once with a message naming the
// variable, instead of a NaN or a silent default deep inside a module.

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置有误，无法启动 / Bad configuration, not starting:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

/**
 * Parses the variables `schema` names from `env`; unset and empty values count as absent.
 * `labels` names where a value came from when it was not the variable (a command-line flag), so
 * the message points at what the operator typed.
 */
export function parseEnv<S extends z.ZodObject>(schema: S, env: Env, labels: Partial<Record<string, string>> = {}): z.output<S> {
  const present = Object.fromEntries(Object.keys(schema.shape).map((name) => [name, env[name] === '' ? undefined : env[name]]));
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `${labels[name] ?? name}=${JSON.stringify(present[name])}: ${issue.message}`;
    }),
  );
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const LogLevel = z.enum(LOG_LEVELS, { error: `应为 ${LOG_LEVELS.join('|')} 之一 / expected one of ${LOG_LEVELS.join('|')}` }).default('info');
export type LogLevel = z.output<typeof LogLevel>;

/** A whole number in [min, max], given as text. */
export const intVar = (min: number, max: number) => {
  const message = `应为 ${min} 到 ${max} 之间的整数 / expected a whole number from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\d+$/, message)
    .transform(Number)
    .pipe(z.number().int().min(min, message).max(max, message));
};

/** An http(s):// or ws(s):// URL. */
export const urlVar = (protocols: 'http' | 'ws') =>
  z.url({ protocol: protocols === 'http' ? /^https?$/ : /^wss?$/, error: `应为 ${protocols}:// 或 ${protocols}s:// 地址 / expected a ${protocols}:// or ${protocols}s:// URL` });

/** `HOTLINE_FAULTS=name:probability,…` (the fault tests); probabilities from 0 to 1. */
export const FaultSpec = z
  .string()
  .regex(
    /^[\w.-]+:(0|1|0?\.\d+)(,[\w.-]+:(0|1|0?\.\d+))*$/,
    '应为 名称:概率[,名称:概率…]，概率在 0 到 1 之间 / expected name:probability[,name:probability…] with probabilities from 0 to 1',
  )
  .optional();

/**
 * Loads a process's configuration at start. On a bad value it prints the problems (no stack
 * trace: the operator needs the variable, not our call stack) and exits 78 (EX_CONFIG).
 */
export function configOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
}
