import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { configOrExit } from '../../../src-node/config/env.js';
import { loadWorkstationConfig } from '../../config.js';
import { bootWorkstation } from '../boot.js';
import { startWebHost } from './web-host.js';

// Browser mode: `npm run web -- [--port N] [--server-url URL] [--profile-dir DIR]` (flags win over the variables)
const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'server-url': { type: 'string' },
    'profile-dir': { type: 'string' },
    'renderer-dir': { type: 'string', default: fileURLToPath(new URL('../../../dist/renderer', import.meta.url)) },
    secret: { type: 'string' },
  },
});

const config = configOrExit(() =>
  loadWorkstationConfig(process.env, { serverUrl: values['server-url'], profileDir: values['profile-dir'], port: values.port, secret: values.secret }),
);
const booted = await bootWorkstation({ host: 'web', config });
const host = await startWebHost({
  workstation: booted.workstation,
  dispatch: booted.dispatch,
  rendererDir: values['renderer-dir']!,
  port: config.webPort,
  secret: config.webSecret,
});
if (booted.embedded) console.log(`Embedded central API (seed data): ${booted.embedded.url}`);
if (booted.embedded && !booted.embedded.sipConfigured) {
  console.log('No SIP server configured (see README, "A real SIP proxy"): agent states work, and the call bar offers a demo line (训练来电).');
}
console.log(`Hotline Workstation (browser mode): ${host.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void host.close().then(() => booted.close()).then(() => process.exit(0));
  });
}
