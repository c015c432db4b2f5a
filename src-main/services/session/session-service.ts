import type { Agent } from '../../../src-shared/domain/agent.js';
import type { SessionInfo } from '../../../src-shared/ipc/session.js';
import { AppFailure } from '../../../src-shared/result.js';
import { hashPassword, verifyPassword } from '../../../src-node/passwords.js';
import { ApiClient } from '../api/api-client.js';
import type { Logger } from '../log.js';
import { readValue, writeValue } from '../store/key-value.js';
import { openStore, type Db } from '../store/open-store.js';
import { profileDbPath, profileExists } from './profile.js';

export interface OpenSession {
  info: SessionInfo;
  agent: Agent;
  db: Db;
  api: ApiClient;
  /** Signs the API client in when it has no tokens (after an offline login). */
  ensureSignedIn(): Promise<void>;
}

export interface SessionServiceOptions {
  profileDir: string;
  serverUrl: string;
  log: Logger;
  fetch?: typeof fetch;
}

/**
 * Signs an agent in against the central API and opens their profile store. When the server is
 * unreachable, an agent who has signed in on this machine before is let in with the cached
 * credential (a scrypt hash, never the password), so a home agent can work through an outage.
 */
export class SessionService {
  constructor(private readonly options: SessionServiceOptions) {}

  async login(agentId: string, password: string): Promise<OpenSession> {
    const api = new ApiClient({ baseUrl: this.options.serverUrl, fetch: this.options.fetch, timeoutMs: 5_000 });
    try {
      const remote = await api.login(agentId, password);
      const db = this.openProfile(agentId);
      writeValue(db, 'settings', 'cached_credential', await hashPassword(password));
      writeValue(db, 'settings', 'agent', JSON.stringify(remote.agent));
      return { info: { agent: remote.agent, offlineLogin: false }, agent: remote.agent, db, api, ensureSignedIn: async () => {} };
    } catch (error) {
      if (!(error instanceof AppFailure && error.code === 'SERVER_UNREACHABLE')) throw error;
      return this.offlineLogin(agentId, password, api, error);
    }
  }

  private async offlineLogin(agentId: string, password: string, api: ApiClient, cause: AppFailure): Promise<OpenSession> {
    if (!profileExists(this.options.profileDir, agentId)) throw cause;
    const db = this.openProfile(agentId);
    const cached = readValue(db, 'settings', 'cached_credential');
    const agentJson = readValue(db, 'settings', 'agent');
    if (!cached || !agentJson || !(await verifyPassword(password, cached))) {
      db.close();
      throw cached ? new AppFailure('BAD_CREDENTIALS', 'Wrong agent id or password') : cause;
    }
    const agent = JSON.parse(agentJson) as Agent;
    this.options.log.info({ agentId }, 'offline login with cached credential');
    // The password stays in this closure only, so sync can sign in once the server is back.
    const ensureSignedIn = async () => {
      if (!api.hasTokens) await api.login(agentId, password);
    };
    return { info: { agent, offlineLogin: true }, agent, db, api, ensureSignedIn };
  }

  private openProfile(agentId: string): Db {
    return openStore(profileDbPath(this.options.profileDir, agentId), { log: this.options.log });
  }
}
