import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { startApiServer, type RunningApiServer } from '../../src-server/index.js';
import { createWorkstationDispatch } from '../ipc/handlers/index.js';
import type { Dispatch } from '../ipc/dispatcher.js';
import { createLogger, type Logger } from '../services/log.js';
import type { SecretBox } from '../services/softphone/secret-box.js';
import { Workstation } from '../services/workstation.js';

export interface BootOptions {
  host: 'electron' | 'web';
  /** Central API URL; when absent an embedded API with the seed data starts on loopback. */
  serverUrl?: string;
  profileDir?: string;
  log?: Logger;
  syncIntervalMs?: number;
  /** Seals the SIP password at rest; Electron passes the OS keystore (safeStorage). */
  secretBox?: SecretBox;
}

export interface BootedWorkstation {
  workstation: Workstation;
  dispatch: Dispatch;
  embedded: RunningApiServer | undefined;
  close(): Promise<void>;
}

export const defaultProfileDir = () => process.env.HOTLINE_PROFILE_DIR ?? path.join(os.homedir(), '.hotline-workstation');

export const appVersion = (): string =>
  (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Starts the services of one workstation, the same way for Electron and for the web host. */
export async function bootWorkstation(options: BootOptions): Promise<BootedWorkstation> {
  const log = options.log ?? createLogger('workstation');
  const profileDir = options.profileDir ?? defaultProfileDir();
  const configuredUrl = options.serverUrl || process.env.HOTLINE_SERVER_URL || undefined;
  const embedded = configuredUrl
    ? undefined
    : await startApiServer({ db: path.join(profileDir, 'embedded-central.db'), logger: false });
  const workstation = new Workstation({
    profileDir,
    serverUrl: configuredUrl ?? embedded!.url,
    embeddedServer: embedded !== undefined,
    host: options.host,
    version: appVersion(),
    log,
    syncIntervalMs: options.syncIntervalMs ?? Number(process.env.HOTLINE_SYNC_INTERVAL_MS ?? 5_000),
    secretBox: options.secretBox,
  });
  return {
    workstation,
    dispatch: createWorkstationDispatch(workstation, log),
    embedded,
    async close() {
      await workstation.close();
      await embedded?.close();
    },
  };
}
