import { parseArgs } from 'node:util';
import { configOrExit } from '../src-node/config/env.js';
import { configureFaults } from '../src-node/fault-points.js';
import { StartupRefused } from './auth/token-secret.js';
import { loadServerConfig } from './config.js';
import { startApiServer } from './start.js';
import { SchemaTooNewError } from './storage/schema.js';

// `npm run server -- --db <sqlite file | postgres://…> --port 8700` (flags win over PORT, HOTLINE_DB)
const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    db: { type: 'string' },
    'no-seeds': { type: 'boolean', default: false },
  },
});
const config = configOrExit(() => loadServerConfig(process.env, { port: values.port, db: values.db }));
configureFaults(config.faults);

const server = await startApiServer({
  db: config.db,
  port: config.port,
  host: values.host,
  seeds: !values['no-seeds'],
  waitForDatabase: true,
  logger: { level: config.logLevel },
  tokenSecret: config.tokenSecret,
  rateLimit: config.rateLimit,
  pgPoolSize: config.pgPoolSize,
  brokerUrl: config.brokerUrl,
  softphoneOverrides: config.softphone,
}).catch((error: unknown) => {
  // A refusal says what to fix; a stack trace would bury it.
  if (!(error instanceof StartupRefused || error instanceof SchemaTooNewError)) throw error;
  console.error(error.message);
  process.exit(1);
});
const shownDb = config.db.replace(/\/\/[^@/]*@/, '//***@'); // never print a password from the URL
console.log(`Hotline central API listening on ${server.url} (db: ${shownDb})`);

// Graceful shutdown: readiness goes to 503, in-flight requests and their transactions finish,
// then the database closes. A second signal, or 20 s, ends it hard.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.app.log.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), 20_000).unref();
    void server.close().then(() => process.exit(0));
  });
}
