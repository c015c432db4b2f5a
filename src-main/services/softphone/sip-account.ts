import { z } from 'zod';
import { SipAccount, SipProvisioning, SoftphoneConfig } from '../../../src-shared/domain/softphone.js';
import { AccountOverride, type SoftphoneAccountView } from '../../../src-shared/ipc/softphone.js';
import { AppFailure } from '../../../src-shared/result.js';
import { DEFAULT_DIAL_POLICY } from '../../../src-shared/softphone/dial-string.js';
import type { ApiClient } from '../api/api-client.js';
import type { Logger } from '../log.js';
import { readValue, writeValue } from '../store/key-value.js';
import type { Db } from '../store/open-store.js';
import type { SecretBox } from './secret-box.js';

const KEYS = {
  provisioned: 'softphone.provisioned',
  provisionedPassword: 'softphone.provisioned_password',
  override: 'softphone.override',
  overridePassword: 'softphone.override_password',
} as const;

const CachedProvisioning = z.object({ account: SipAccount.nullable(), config: SoftphoneConfig });

/** Used until the centre has provisioned anything (first start offline). */
export const DEFAULT_SOFTPHONE_CONFIG: SoftphoneConfig = {
  afterCallWorkSeconds: 30,
  notReadyReasons: [
    { code: 'break', zh: '小休', en: 'Break' },
    { code: 'training', zh: '培训', en: 'Training' },
    { code: 'meeting', zh: '会议', en: 'Meeting' },
  ],
  dialPolicy: DEFAULT_DIAL_POLICY,
};

export interface SipAccountDeps {
  db: Db;
  api: ApiClient;
  ensureSignedIn(): Promise<void>;
  box: SecretBox;
  log: Logger;
  /** The page's CSP may connect only to SIP servers the workstation knows; this records the account's. */
  allowSipServer(wsUrl: string): void;
}

/**
 * The agent's SIP account: provisioned by the centre, cached in the profile for offline starts,
 * with a local override (a test line, a different proxy). The password is sealed with the OS
 * keystore where there is one and only leaves main through `credential()`.
 */
export class SipAccountService {
  constructor(private readonly deps: SipAccountDeps) {}

  async view(refresh: boolean): Promise<SoftphoneAccountView> {
    let source: SoftphoneAccountView['source'] = 'cache';
    if (refresh) {
      try {
        await this.deps.ensureSignedIn();
        const provisioned = await this.deps.api.request('GET', '/v1/agents/me/sip', SipProvisioning);
        this.deps.db.transaction(() => {
          writeValue(this.deps.db, 'settings', KEYS.provisioned, JSON.stringify({ account: provisioned.account, config: provisioned.config }));
          // A centre without a SIP service provisions no line: the old password must not outlive it.
          if (provisioned.password === null) this.deps.db.prepare('DELETE FROM settings WHERE key = ?').run(KEYS.provisionedPassword);
          else writeValue(this.deps.db, 'settings', KEYS.provisionedPassword, this.deps.box.seal(provisioned.password));
        })();
        source = 'server';
      } catch (error) {
        // Offline or not provisioned: the cached account (if any) keeps the agent working.
        this.deps.log.warn({ err: error instanceof Error ? error.message : error }, 'SIP provisioning unavailable; using the cached account');
      }
    }
    const cached = this.cached();
    const override = this.override();
    const merged = cached?.account || override ? SipAccount.safeParse({ ...cached?.account, ...override }) : undefined;
    const account = merged?.success ? merged.data : null;
    if (override && account) source = 'override';
    if (!account) source = 'none';
    if (account) this.deps.allowSipServer(account.wsUrl);
    return { account, hasPassword: this.password() !== undefined, config: cached?.config ?? DEFAULT_SOFTPHONE_CONFIG, source };
  }

  credential(): string {
    const password = this.password();
    if (password === undefined) throw new AppFailure('NOT_FOUND', 'No SIP password provisioned for this agent');
    return password;
  }

  async setOverride(input: z.infer<typeof AccountOverride> | null): Promise<SoftphoneAccountView> {
    const { db, box } = this.deps;
    db.transaction(() => {
      if (input === null) {
        db.prepare('DELETE FROM settings WHERE key IN (?, ?)').run(KEYS.override, KEYS.overridePassword);
        return;
      }
      const { password, ...account } = input;
      writeValue(db, 'settings', KEYS.override, JSON.stringify(account));
      if (password) writeValue(db, 'settings', KEYS.overridePassword, box.seal(password));
    })();
    return this.view(false);
  }

  private cached(): z.infer<typeof CachedProvisioning> | undefined {
    const raw = readValue(this.deps.db, 'settings', KEYS.provisioned);
    const parsed = raw ? CachedProvisioning.safeParse(JSON.parse(raw)) : undefined;
    return parsed?.success ? parsed.data : undefined;
  }

  private override(): z.infer<typeof AccountOverride> | undefined {
    const raw = readValue(this.deps.db, 'settings', KEYS.override);
    const parsed = raw ? AccountOverride.safeParse(JSON.parse(raw)) : undefined;
    return parsed?.success ? parsed.data : undefined;
  }

  private password(): string | undefined {
    const sealed = readValue(this.deps.db, 'settings', KEYS.overridePassword) ?? readValue(this.deps.db, 'settings', KEYS.provisionedPassword);
    return sealed === undefined ? undefined : this.deps.box.open(sealed);
  }
}
