import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CallAction, Locale } from '../../src-shared/ipc/app.js';
import { writePrivateFile } from '../../src-node/private-files.js';
import { DEFAULT_OFFLINE_DAYS } from './session/offline-verifier.js';
import { DEFAULT_RETENTION } from '../../src-shared/tickets/retention.js';

/** Settings of this installation (not of an agent): language and, in Electron, global shortcuts. */
export const AppSettingsFile = z.object({
  locale: Locale.catch('zh-CN').default('zh-CN'),
  /** Electron accelerators per call action, e.g. {"answer": "CommandOrControl+Alt+A"}. */
  globalShortcuts: z.partialRecord(CallAction, z.string().max(60)).catch({}).default({}),
  /** SIP WebSocket servers this installation was provisioned with: the only hosts the page's CSP lets it connect to. */
  sipServers: z.array(z.string().max(300)).max(20).catch([]).default([]),
  /** Hosts (and their subdomains) whose https links the desktop app opens in the system browser, after confirming. */
  externalLinkHosts: z.array(z.string().max(253)).max(100).catch([]).default(['10000.cn', 'chinatelecom.com.cn', 'gov.cn']),
  /** The centre's policy: days after the last online sign-in that an offline sign-in is allowed. */
  offlineSignInDays: z.number().int().min(0).max(90).catch(DEFAULT_OFFLINE_DAYS).default(DEFAULT_OFFLINE_DAYS),
  /**
   * The centre's policy: on Linux, keep customer data although the OS keystore fell back to
   * `basic_text` (the profile key would be sealed with a fixed, public key). Off unless the centre says so.
   */
  allowBasicTextKeystore: z.boolean().catch(false).default(false),
  /** The centre's policy: days a finished colleague's ticket stays on this machine after its last change. */
  retentionDays: z.number().int().min(1).max(3650).catch(DEFAULT_RETENTION.days).default(DEFAULT_RETENTION.days),
  /** The same for finished tickets the agent owned, was assigned or worked on. */
  retentionMineDays: z.number().int().min(1).max(3650).catch(DEFAULT_RETENTION.mineDays).default(DEFAULT_RETENTION.mineDays),
});
export type AppSettings = z.infer<typeof AppSettingsFile>;

export class AppSettingsStore {
  private readonly file: string;

  constructor(profileDir: string) {
    this.file = path.join(profileDir, 'workstation-settings.json');
  }

  /** A missing or damaged file gives the defaults: settings must never stop the app from starting. */
  read(): AppSettings {
    let raw: unknown = {};
    try {
      raw = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      raw = {};
    }
    const parsed = AppSettingsFile.safeParse(raw);
    return parsed.success ? parsed.data : AppSettingsFile.parse({});
  }

  /** Remembers a provisioned SIP WebSocket URL's origin; true when it is new (the page must reload to reach it). */
  allowSipServer(wsUrl: string): boolean {
    let origin: string;
    try {
      origin = new URL(wsUrl).origin;
    } catch {
      return false;
    }
    if (!/^wss?:\/\//.test(origin)) return false;
    const known = this.read().sipServers;
    if (known.includes(origin)) return false;
    this.update({ sipServers: [...known, origin].slice(-20) });
    return true;
  }

  update(patch: Partial<AppSettings>): AppSettings {
    const next = { ...this.read(), ...patch };
    writePrivateFile(this.file, JSON.stringify(next, null, 2));
    return next;
  }
}
