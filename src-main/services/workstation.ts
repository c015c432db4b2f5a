import { EventEmitter } from 'node:events';
import { ensurePrivateDir } from '../../src-node/private-files.js';
import { AppSettingsStore } from './app-settings.js';
import type { EventName, EventPayload } from '../../src-shared/ipc/contract.js';
import type { Locale } from '../../src-shared/ipc/app.js';
import { AppFailure } from '../../src-shared/result.js';
import { applyAssetChange } from './handbook/assets.js';
import type { TrainingStatus } from '../../src-shared/ipc/training.js';
import { applyHandbookChange } from './handbook/handbook-store.js';
import { applyCodeTreeChange, applyFormChange, applyTicketChange, connectTicketsToSync, ensureTicketSearchIndex } from './tickets/index.js';
import { purgeExpiredTickets, type RetentionScope } from './tickets/retention.js';
import { warmUpSearch } from './handbook/search.js';
import type { Logger } from './log.js';
import { applyScriptChange } from './scripts/script-store.js';
import { SessionService, type OpenSession } from './session/session-service.js';
import type { Db } from './store/open-store.js';
import { startIdleCheckpoints } from './store/idle-checkpoint.js';
import { keyFileSealer, ProfileKeys } from './store/profile-keys.js';
import { unsealedBox, type SecretBox } from './softphone/secret-box.js';
import { SyncService } from './sync/sync-service.js';
import { openTrainingSandbox, trainingDbPath } from './training/training-sandbox.js';
import path from 'node:path';

export interface WorkstationOptions {
  profileDir: string;
  serverUrl: string;
  embeddedServer: boolean;
  host: 'electron' | 'web';
  version: string;
  log: Logger;
  syncIntervalMs?: number;
  fetch?: typeof fetch;
  /** Seals the SIP password at rest; the Electron glue passes one backed by safeStorage. */
  secretBox?: SecretBox;
  /** The keys of the profile's encrypted stores; by default kept in a 0600 key file (browser mode). */
  keys?: ProfileKeys;
}

export interface ActiveSession extends OpenSession {
  sync: SyncService;
  /** Housekeeping while the session lasts: the daily retention purge and idle WAL checkpoints. */
  timers: NodeJS.Timeout[];
}

/** How often a running session applies local retention (it also runs at every sign-in). */
const PURGE_INTERVAL_MS = 24 * 3_600_000;

/** While training, the session's `db` is the sandbox; the profile store waits here untouched. */
interface TrainingState {
  realDb: Db;
  sandboxFile: string;
}

type EventMap = { [E in EventName]: [EventPayload<E>] };

/**
 * All services of one running workstation, whatever hosts it (Electron main or the web host).
 * Holds the signed-in agent's session; IPC handlers reach services only through here.
 */
export class Workstation extends EventEmitter<EventMap> {
  private active: ActiveSession | undefined;
  private training: TrainingState | undefined;
  private readonly sessions: SessionService;

  readonly settings: AppSettingsStore;
  readonly keys: ProfileKeys;

  constructor(readonly options: WorkstationOptions) {
    super();
    ensurePrivateDir(options.profileDir);
    this.settings = new AppSettingsStore(options.profileDir);
    this.keys = options.keys ?? new ProfileKeys(options.profileDir, keyFileSealer, () => this.settings.read().allowBasicTextKeystore);
    this.sessions = new SessionService({
      profileDir: options.profileDir,
      keys: this.keys,
      serverUrl: options.serverUrl,
      log: options.log,
      fetch: options.fetch,
      maxOfflineDays: () => this.settings.read().offlineSignInDays,
      onRevoked: (agentId) => void this.signOutRevoked(agentId),
    });
  }

  get secretBox(): SecretBox {
    return this.options.secretBox ?? unsealedBox;
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
    const retention: RetentionScope = {
      agentId: opened.agent.id,
      policy: () => {
        const settings = this.settings.read();
        return { days: settings.retentionDays, mineDays: settings.retentionMineDays };
      },
    };
    const sync = new SyncService({
      db: opened.db,
      api: opened.api,
      appliers: {
        handbook: applyHandbookChange,
        assets: applyAssetChange,
        tickets: (db, change) => applyTicketChange(db, change, retention),
        forms: applyFormChange,
        codes: applyCodeTreeChange,
        scripts: applyScriptChange,
      },
      log: this.options.log,
      intervalMs: this.options.syncIntervalMs,
      ensureSignedIn: opened.ensureSignedIn,
      actor: opened.agent.id,
    });
    sync.on('status', (status) => this.emit('sync.status', status));
    connectTicketsToSync(sync, opened.db, { locale: () => this.locale, changed: (ids) => this.emit('tickets.changed', { ids }), transport: opened.api });
    sync.on('changed', (changes) => {
      const ids = changes.filter((change) => change.collection === 'handbook').map((change) => change.id);
      if (ids.length > 0) this.emit('handbook.changed', { ids });
      const ticketIds = changes.filter((change) => change.collection === 'tickets').map((change) => change.id);
      if (ticketIds.length > 0) this.emit('tickets.changed', { ids: ticketIds });
      if (changes.some((change) => change.collection === 'forms' || change.collection === 'codes')) this.emit('tickets.configChanged', {});
      const scriptIds = changes.filter((change) => change.collection === 'scripts').map((change) => change.id);
      if (scriptIds.length > 0) this.emit('scripts.changed', { ids: scriptIds });
    });
    this.purgeExpired(opened.db, retention);
    warmUpSearch(opened.db);
    ensureTicketSearchIndex(opened.db);
    const purgeTimer = setInterval(() => {
      // Never the training sandbox: retention is about the profile store.
      if (this.active && !this.training) this.purgeExpired(this.active.db, retention);
    }, PURGE_INTERVAL_MS).unref();
    const checkpoints = startIdleCheckpoints(() => this.active?.db);
    this.active = { ...opened, sync, timers: [purgeTimer, checkpoints] };
    sync.start();
    this.emit('session.changed', opened.info);
    return this.active;
  }

  /** Local retention on the profile store; a failure is logged and never stops the session. */
  private purgeExpired(db: Db, retention: RetentionScope): void {
    try {
      const { ids, ...report } = purgeExpiredTickets(db, retention);
      if (ids.length === 0) return;
      this.options.log.info({ agentId: retention.agentId, ...report }, 'local retention removed finished tickets');
      this.emit('tickets.changed', { ids });
    } catch (error) {
      this.options.log.error({ err: error }, 'local retention purge failed');
    }
  }

  /** Signs out here and, best effort, on the server (every token of this agent stops working). */
  async logout(): Promise<void> {
    const active = this.active;
    if (!active) return;
    this.restoreProfileStore();
    this.active = undefined;
    active.timers.forEach(clearInterval);
    await active.sync.stop(); // lets a run in progress finish before the database closes
    await active.verifierSaved;
    await active.api.logout();
    active.db.close();
    this.emit('session.changed', null);
  }

  /**
   * The server revoked the session (agent disabled, password changed, signed out elsewhere): close
   * it and let the renderer ask the agent to sign in again. Unsynced work stays in the profile's
   * outbox and is pushed after the next sign-in.
   */
  private async signOutRevoked(agentId: string): Promise<void> {
    const active = this.active;
    if (!active || active.agent.id !== agentId) return;
    this.options.log.warn({ agentId }, 'central API revoked the session; asking the agent to sign in again');
    this.restoreProfileStore();
    this.active = undefined;
    active.timers.forEach(clearInterval);
    await active.sync.stop();
    await active.verifierSaved;
    active.db.close();
    this.emit('session.revoked', { agentId });
    this.emit('session.changed', null);
  }

  trainingStatus(): TrainingStatus {
    return { active: this.training !== undefined, sandboxFile: this.training?.sandboxFile ?? null };
  }

  /**
   * Training mode: every IPC handler reads `requireSession().db`, so swapping it for a sandbox
   * store makes every feature work unchanged while real calls, tickets and the outbox are never
   * touched. Sync stops, so nothing done in training can leave the machine.
   */
  enterTraining(): TrainingStatus {
    const active = this.requireSession();
    if (this.training) return this.trainingStatus();
    const key = this.keys.keyFor(path.basename(trainingDbPath(this.options.profileDir, active.agent.id)));
    const sandbox = openTrainingSandbox({ profileDir: this.options.profileDir, agentId: active.agent.id, realDb: active.db, log: this.options.log, key });
    active.sync.stop();
    this.training = { realDb: active.db, sandboxFile: sandbox.file };
    active.db = sandbox.db;
    this.options.log.info({ agentId: active.agent.id }, 'entered training mode');
    this.emit('training.changed', this.trainingStatus());
    return this.trainingStatus();
  }

  /** Restores the profile store and restarts sync. The sandbox file stays until the next training. */
  leaveTraining(): TrainingStatus {
    const active = this.active;
    if (!active || !this.restoreProfileStore()) return this.trainingStatus();
    active.sync.start();
    this.options.log.info({ agentId: active.agent.id }, 'left training mode');
    this.emit('training.changed', this.trainingStatus());
    return this.trainingStatus();
  }

  private restoreProfileStore(): boolean {
    const active = this.active;
    const training = this.training;
    if (!active || !training) return false;
    const sandboxDb = active.db;
    active.db = training.realDb;
    this.training = undefined;
    sandboxDb.close();
    return true;
  }

  get locale(): Locale {
    return this.settings.read().locale;
  }

  set locale(locale: Locale) {
    this.settings.update({ locale });
  }

  async close(): Promise<void> {
    await this.logout();
  }

}
