import { EventEmitter } from 'node:events';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { EventName, EventPayload } from '../../src-shared/ipc/contract.js';
import type { Locale } from '../../src-shared/ipc/app.js';
import { AppFailure } from '../../src-shared/result.js';
import { applyHandbookChange } from './handbook/handbook-store.js';
import type { Logger } from './log.js';
import { SessionService, type OpenSession } from './session/session-service.js';
import { SyncService } from './sync/sync-service.js';

export interface WorkstationOptions {
  profileDir: string;
  serverUrl: string;
  embeddedServer: boolean;
  host: 'electron' | 'web';
  version: string;
  log: Logger;
  syncIntervalMs?: number;
  fetch?: typeof fetch;
}

export interface ActiveSession extends OpenSession {
  sync: SyncService;
}

type EventMap = { [E in EventName]: [EventPayload<E>] };

/**
 * All services of one running workstation, whatever hosts it (Electron main or the web host).
 * Holds the signed-in agent's session; IPC handlers reach services only through here.
 */
export class Workstation extends EventEmitter<EventMap> {
  private active: ActiveSession | undefined;
  private readonly sessions: SessionService;

  constructor(readonly options: WorkstationOptions) {
    super();
    mkdirSync(options.profileDir, { recursive: true });
    this.sessions = new SessionService({ profileDir: options.profileDir, serverUrl: options.serverUrl, log: options.log, fetch: options.fetch });
  }

  get session(): ActiveSession | undefined {
    return this.active;
  }

  requireSession(): ActiveSession {
    if (!this.active) throw new AppFailure('NO_SESSION', 'Please sign in first');
    return this.active;
  }

  async login(agentId: string, password: string): Promise<ActiveSession> {
    await this.logout();
    const opened = await this.sessions.login(agentId, password);
    const sync = new SyncService({
      db: opened.db,
      api: opened.api,
      appliers: { handbook: applyHandbookChange },
      log: this.options.log,
      intervalMs: this.options.syncIntervalMs,
      ensureSignedIn: opened.ensureSignedIn,
      actor: opened.agent.id,
    });
    sync.on('status', (status) => this.emit('sync.status', status));
    sync.on('changed', (changes) => {
      const ids = changes.filter((change) => change.collection === 'handbook').map((change) => change.id);
      if (ids.length > 0) this.emit('handbook.changed', { ids });
    });
    this.active = { ...opened, sync };
    sync.start();
    this.emit('session.changed', opened.info);
    return this.active;
  }

  async logout(): Promise<void> {
    const active = this.active;
    if (!active) return;
    this.active = undefined;
    await active.sync.stop(); // lets a run in progress finish before the database closes
    active.api.clearTokens();
    active.db.close();
    this.emit('session.changed', null);
  }

  get locale(): Locale {
    try {
      const saved = JSON.parse(readFileSync(this.settingsFile, 'utf8')) as { locale?: Locale };
      return saved.locale === 'en' ? 'en' : 'zh-CN';
    } catch {
      return 'zh-CN';
    }
  }

  set locale(locale: Locale) {
    writeFileSync(this.settingsFile, JSON.stringify({ locale }));
  }

  async close(): Promise<void> {
    await this.logout();
  }

  private get settingsFile(): string {
    return path.join(this.options.profileDir, 'workstation-settings.json');
  }
}
