import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { startApiServer, type RunningApiServer } from '../../src-server/index.js';
import { configureFaults } from '../../src-node/fault-points.js';
import type { WorkstationConfig } from '../config.js';
import { createWorkstationDispatch } from '../ipc/handlers/index.js';
import type { Dispatch } from '../ipc/dispatcher.js';
import { createLogger, type Logger } from '../services/log.js';
import type { SecretBox } from '../services/softphone/secret-box.js';
import { Workstation } from '../services/workstation.js';
import { AppSettingsStore } from '../services/app-settings.js';
import { keyFileSealer, ProfileKeys, type KeySealer } from '../services/store/profile-keys.js';

/** The embedded central API's database, when no centre is configured. */
export const EMBEDDED_CENTRAL_DB = 'embedded-central.db';

export interface BootOptions {
  host: 'electron' | 'web';
  /** Read once at start by the entry (src-main/config.ts). No central API URL: an embedded API with the seed data starts on loopback. */
  config: WorkstationConfig;
  /** The profile folder when the config names none; Electron passes the app's userData. */
  defaultProfileDir?: string;
  log?: Logger;
  /** Seals the SIP password at rest; Electron passes the OS keystore (safeStorage). */
  secretBox?: SecretBox;
  /** Seals the profile's store keys; Electron passes safeStorage, browser mode keeps them in a 0600 file. */
  keySealer?: KeySealer;
}

export interface BootedWorkstation {
  workstation: Workstation;
  dispatch: Dispatch;
  embedded: RunningApiServer | undefined;
  close(): Promise<void>;
}

const homeProfileDir = () => path.join(os.homedir(), '.hotline-workstation');

export const appVersion = (): string =>
  (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Starts the services of one workstation, the same way for Electron and for the web host. */
export async function bootWorkstation(options: BootOptions): Promise<BootedWorkstation> {
  const { config } = options;
  configureFaults(config.faults);
  const log = options.log ?? createLogger('workstation', config.logLevel);
  const profileDir = config.profileDir ?? options.defaultProfileDir ?? homeProfileDir();
  const configuredUrl = config.serverUrl;
  const settings = new AppSettingsStore(profileDir);
  const keys = new ProfileKeys(profileDir, options.keySealer ?? keyFileSealer, () => settings.read().allowBasicTextKeystore);
  // The embedded API (demo, training rooms, VDI without a centre) keeps the whole team's tickets
  // in the profile folder, so it is encrypted like the agents' stores.
  const embedded = configuredUrl
    ? undefined
    : await startApiServer({ db: path.join(profileDir, EMBEDDED_CENTRAL_DB), dbKey: keys.keyFor(EMBEDDED_CENTRAL_DB), logger: false });
  const workstation = new Workstation({
    profileDir,
    serverUrl: configuredUrl ?? embedded!.url,
    embeddedServer: embedded !== undefined,
    host: options.host,
    version: appVersion(),
    log,
    syncIntervalMs: config.syncIntervalMs,
    secretBox: options.secretBox,
    keys,
  });
  return {
    workstation,
    dispatch: createWorkstationDispatch(workstation, log, { trainingDir: config.trainingDir }),
    embedded,
    async close() {
      await workstation.close();
      await embedded?.close();
    },
  };
}
