import type { Agent } from '../../../src-shared/domain/agent.js';
import type { SessionInfo } from '../../../src-shared/ipc/session.js';
import { AppFailure } from '../../../src-shared/result.js';
import { ApiClient } from '../api/api-client.js';
import type { Logger } from '../log.js';
import { readValue, writeValue } from '../store/key-value.js';
import { openStore, type Db } from '../store/open-store.js';
import { checkVerifier, DEFAULT_OFFLINE_DAYS, saveVerifier } from './offline-verifier.js';
import { profileDbPath, profileExists } from './profile.js';
import { keyFileSealer, ProfileKeys } from '../store/profile-keys.js';
import path from 'node:path';

export interface OpenSession {
  info: SessionInfo;
  agent: Agent;
  db: Db;
  api: ApiClient;
  /** Signs the API client in when it has no tokens (after an offline login). */
  ensureSignedIn(): Promise<void>;
  /**
   * Settles once the offline verifier of this sign-in is written. Hashing at full strength takes
   * 0.3 s on an idle laptop and seconds on a busy one, so sign-in does not wait for it; closing
   * the store does.
   */
  verifierSaved: Promise<void>;
}

export interface SessionServiceOptions {
  profileDir: string;
  serverUrl: string;
  log: Logger;
  fetch?: typeof fetch;
  /** Days after the last online sign-in that an offline sign-in is still allowed (the centre's policy). */
  maxOfflineDays?: () => number;
  /** The central API revoked the session's tokens (see ApiClient.onRevoked). */
  onRevoked?: (agentId: string) => void;
  /** The keys of the agents' encrypted stores; by default kept in the folder's 0600 key file. */
  keys?: ProfileKeys;
}

/**
 * Signs an agent in against the central API and opens their profile store. When the server is
 * unreachable, an agent who has signed in on this machine before is let in with the cached
 * verifier (offline-verifier.ts, never the password) for a limited number of days, so a home agent
 * can work through an outage.
 */
export class SessionService {
  constructor(private readonly options: SessionServiceOptions) {}

  async login(agentId: string, password: string): Promise<OpenSession> {
    const api = new ApiClient({ baseUrl: this.options.serverUrl, fetch: this.options.fetch, timeoutMs: 5_000, onRevoked: () => this.options.onRevoked?.(agentId) });
    try {
      const remote = await api.login(agentId, password);
      const db = this.openProfile(agentId);
      writeValue(db, 'settings', 'agent', JSON.stringify(remote.agent));
      const verifierSaved = saveVerifier(db, password, new Date()).catch((error: unknown) =>
        this.options.log.warn({ agentId, error: error instanceof Error ? error.message : String(error) }, 'offline verifier not saved'),
      );
      return { info: { agent: remote.agent, offlineLogin: false }, agent: remote.agent, db, api, ensureSignedIn: async () => {}, verifierSaved };
    } catch (error) {
      if (!(error instanceof AppFailure && error.code === 'SERVER_UNREACHABLE')) throw error;
      return this.offlineLogin(agentId, password, api, error);
    }
  }

  private async offlineLogin(agentId: string, password: string, api: ApiClient, cause: AppFailure): Promise<OpenSession> {
    if (!profileExists(this.options.profileDir, agentId)) throw cause;
    const db = this.openProfile(agentId);
    const agentJson = readValue(db, 'settings', 'agent');
    const days = this.options.maxOfflineDays?.() ?? DEFAULT_OFFLINE_DAYS;
    const check = agentJson ? await checkVerifier(db, password, new Date(), days) : 'none';
    if (check !== 'ok') {
      db.close();
      if (check === 'wrong') throw new AppFailure('BAD_CREDENTIALS', 'Wrong agent id or password');
      if (check === 'expired') throw new AppFailure('OFFLINE_EXPIRED', `Offline sign-in is allowed for ${days} days after an online one`);
      throw cause;
    }
    const agent = JSON.parse(agentJson!) as Agent;
    this.options.log.info({ agentId }, 'offline login with the offline verifier');
    // The password stays in this closure only, so sync can sign in once the server is back.
    const ensureSignedIn = async () => {
      if (!api.hasTokens) await api.login(agentId, password);
    };
    return { info: { agent, offlineLogin: true }, agent, db, api, ensureSignedIn, verifierSaved: Promise.resolve() };
  }

  private openProfile(agentId: string): Db {
    const file = profileDbPath(this.options.profileDir, agentId);
    const keys = this.options.keys ?? new ProfileKeys(this.options.profileDir, keyFileSealer);
    return openStore(file, { log: this.options.log, key: keys.keyFor(path.basename(file)) });
  }
}
