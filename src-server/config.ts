import { z } from 'zod';
import { FaultSpec, intVar, LogLevel, parseEnv, urlVar, type Env } from '../src-node/config/env.js';
import type { RateLimitOptions } from './rate-limit.js';
import type { SoftphoneOverrides } from './softphone/sip-provisioning.js';

// The central API's configuration: read once at start (src-server/main.ts) from the environment
// and the command line, then passed down. README's configuration table lists every variable;
// flags of `npm run server` win over variables.
const ServerEnv = z.object({
  PORT: intVar(0, 65_535).default(8700),
  /** An SQLite file or a postgres:// URL. */
  HOTLINE_DB: z.string().default('.data/central.db'),
  LOG_LEVEL: LogLevel,
  /** Signs agents' tokens; API processes behind one balancer must share it. Unset: kept in the database. Its length is checked by auth/token-secret.ts (never echoed). */
  HOTLINE_TOKEN_SECRET: z.string().optional(),
  /** `off`, or `<per second>:<burst>` requests per agent. */
  HOTLINE_RATE_LIMIT: z
    .string()
    .regex(/^(off|[1-9]\d*:[1-9]\d*)$/, '应为 off 或 <每秒>:<突发>（均大于 0），如 30:120 / expected off or <per second>:<burst> above 0, e.g. 30:120')
    .transform((value): RateLimitOptions | false => {
      if (value === 'off') return false;
      const [perSecond, burst] = value.split(':').map(Number) as [number, number];
      return { perSecond, burst };
    })
    .optional(),
  /** PostgreSQL connections per API process. */
  HOTLINE_PG_POOL: intVar(1, 1_000).default(10),
  /** nats://host:port: pokes across API processes through NATS (fanout/broker-fanout.ts); unset: PostgreSQL NOTIFY (or in-process for SQLite). */
  HOTLINE_BROKER_URL: z.url({ protocol: /^nats$/, error: '应为 nats:// 地址 / expected a nats:// URL' }).optional(),
  HOTLINE_SOFTPHONE_CONFIG: z.string().optional(),
  HOTLINE_SIP_WS_URL: urlVar('ws').optional(),
  HOTLINE_SIP_DOMAIN: z.string().optional(),
  HOTLINE_SIP_SECRET: z.string().min(8, '至少 8 个字符 / at least 8 characters').optional(),
  HOTLINE_ACW_SECONDS: intVar(0, 600).optional(),
  HOTLINE_FAULTS: FaultSpec,
});

/** The variables the central API reads (README's configuration table lists each; a test checks). */
export const SERVER_VARIABLES = Object.keys(ServerEnv.shape);

export interface ServerConfig {
  port: number;
  db: string;
  logLevel: LogLevel;
  tokenSecret: string | undefined;
  /** undefined: the default limit. */
  rateLimit: RateLimitOptions | false | undefined;
  pgPoolSize: number;
  brokerUrl: string | undefined;
  softphone: SoftphoneOverrides;
  faults: string | undefined;
}

/** Command-line flags of `npm run server` that stand for a variable. */
export interface ServerFlags {
  port?: string;
  db?: string;
}

/** Throws ConfigError naming each bad variable (or flag). */
export function loadServerConfig(env: Env, flags: ServerFlags = {}): ServerConfig {
  const parsed = parseEnv(
    ServerEnv,
    { ...env, PORT: flags.port ?? env.PORT, HOTLINE_DB: flags.db ?? env.HOTLINE_DB },
    { PORT: flags.port === undefined ? undefined : '--port', HOTLINE_DB: flags.db === undefined ? undefined : '--db' },
  );
  return {
    port: parsed.PORT,
    db: parsed.HOTLINE_DB,
    logLevel: parsed.LOG_LEVEL,
    tokenSecret: parsed.HOTLINE_TOKEN_SECRET,
    rateLimit: parsed.HOTLINE_RATE_LIMIT,
    pgPoolSize: parsed.HOTLINE_PG_POOL,
    brokerUrl: parsed.HOTLINE_BROKER_URL,
    softphone: {
      configFile: parsed.HOTLINE_SOFTPHONE_CONFIG,
      wsUrl: parsed.HOTLINE_SIP_WS_URL,
      domain: parsed.HOTLINE_SIP_DOMAIN,
      secret: parsed.HOTLINE_SIP_SECRET,
      afterCallWorkSeconds: parsed.HOTLINE_ACW_SECONDS,
    },
    faults: parsed.HOTLINE_FAULTS,
  };
}
