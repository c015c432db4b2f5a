import pino from 'pino';

/** The logging surface services depend on; pino satisfies it, tests may pass a silent one. */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

/** `level` comes from the process's config (LOG_LEVEL). */
export function createLogger(name: string, level = 'info'): Logger {
  return pino({ name, level });
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
