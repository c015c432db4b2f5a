import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { bootWorkstation } from '../boot.js';
import { startWebHost } from './web-host.js';

// Browser mode: `npm run web -- [--port N] [--server-url URL] [--profile-dir DIR]`
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.HOTLINE_WEB_PORT ?? '0' },
    'server-url': { type: 'string' },
    'profile-dir': { type: 'string' },
    'renderer-dir': { type: 'string', default: fileURLToPath(new URL('../../../dist/renderer', import.meta.url)) },
    secret: { type: 'string' },
  },
});

const booted = await bootWorkstation({ host: 'web', serverUrl: values['server-url'], profileDir: values['profile-dir'] });
const host = await startWebHost({
  workstation: booted.workstation,
  dispatch: booted.dispatch,
  rendererDir: values['renderer-dir']!,
  port: Number(values.port),
  secret: values.secret ?? process.env.HOTLINE_WEB_SECRET,
});
if (booted.embedded) console.log(`Embedded central API (seed data): ${booted.embedded.url}`);
console.log(`Hotline Workstation (browser mode): ${host.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void host.close().then(() => booted.close()).then(() => process.exit(0));
  });
}
