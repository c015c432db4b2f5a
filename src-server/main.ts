import { parseArgs } from 'node:util';
import { startApiServer } from './start.js';

// `npm run server -- --port 8700 --db ./.data/central.db`
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8700' },
    host: { type: 'string', default: '127.0.0.1' },
    db: { type: 'string', default: '.data/central.db' },
    'no-seeds': { type: 'boolean', default: false },
  },
});

const server = await startApiServer({
  db: values.db!,
  port: Number(values.port),
  host: values.host,
  seeds: !values['no-seeds'],
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
});
console.log(`Hotline central API listening on ${server.url} (db: ${values.db})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
