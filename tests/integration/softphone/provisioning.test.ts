import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contentSecurityPolicy } from '../../../src-main/host/csp.js';
import { AppSettingsStore } from '../../../src-main/services/app-settings.js';
import { silentLogger } from '../../../src-main/services/log.js';
import { SessionService, type OpenSession } from '../../../src-main/services/session/session-service.js';
import { reportAgentState } from '../../../src-main/services/softphone/agent-state-reporter.js';
import { osSecretBox } from '../../../src-main/services/softphone/secret-box.js';
import { SipAccountService } from '../../../src-main/services/softphone/sip-account.js';
import { sipPasswordFor } from '../../../src-server/softphone/sip-provisioning.js';
import { startApiServer, type RunningApiServer } from '../../../src-server/start.js';

// Stands in for Electron's safeStorage, which only exists inside Electron: it must never keep the
// secret readable in what it returns.
const fakeSafeStorage = {
  encryptString: (plain: string) => Buffer.from([...Buffer.from(plain, 'utf8')].map((byte) => byte ^ 0x5a)),
  decryptString: (sealed: Buffer) => Buffer.from([...sealed].map((byte) => byte ^ 0x5a)).toString('utf8'),
};

const SECRET = 'integration-provisioning-secret';
let dir: string;
let server: RunningApiServer;
let session: OpenSession;
let accounts: SipAccountService;
let settings: AppSettingsStore;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-sip-prov-'));
  // As src-server/main.ts passes them from HOTLINE_SIP_WS_URL, _DOMAIN, _SECRET and HOTLINE_ACW_SECONDS.
  const softphoneOverrides = { wsUrl: 'ws://127.0.0.1:5999', domain: 'hotline.test', secret: SECRET, afterCallWorkSeconds: 15 };
  server = await startApiServer({ db: path.join(dir, 'central.db'), logger: false, softphoneOverrides });
  session = await new SessionService({ profileDir: path.join(dir, 'profile'), serverUrl: server.url, log: silentLogger }).login('1001', 'hotline1001');
  settings = new AppSettingsStore(path.join(dir, 'profile'));
  accounts = new SipAccountService({
    db: session.db,
    api: session.api,
    ensureSignedIn: session.ensureSignedIn,
    box: osSecretBox(fakeSafeStorage),
    log: silentLogger,
    allowSipServer: (wsUrl) => settings.allowSipServer(wsUrl),
  });
});

afterAll(async () => {
  await session.verifierSaved;
  session.db.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const settingsText = () => (session.db.prepare('SELECT group_concat(value) FROM settings').pluck().get() as string) ?? '';

describe('SIP account provisioning', () => {
  it('the centre provisions the agent: their 工号 as SIP user, the proxy from config, a password sealed at rest', async () => {
    const view = await accounts.view(true);
    expect(view.source).toBe('server');
    expect(view.account).toMatchObject({ user: '1001', domain: 'hotline.test', wsUrl: 'ws://127.0.0.1:5999', displayName: '张敏' });
    expect(view.config.afterCallWorkSeconds).toBe(15);
    expect(view.config.notReadyReasons.map((reason) => reason.zh)).toEqual(expect.arrayContaining(['小休', '培训', '会议']));
    const password = sipPasswordFor(SECRET, '1001');
    expect(accounts.credential()).toBe(password);
    expect(settingsText()).not.toContain(password);
    expect(settingsText()).toContain('os:');
    // The page's CSP will let it connect to this proxy, and to no other host.
    expect(settings.read().sipServers).toEqual(['ws://127.0.0.1:5999']);
    expect(contentSecurityPolicy(settings.read().sipServers)).toContain("connect-src 'self' ws://127.0.0.1:5999;");
  });

  it('a local override wins over the provisioned account, and clearing it goes back', async () => {
    const overridden = await accounts.setOverride({ wsUrl: 'wss://sbc.example.cn:7443', password: 'local-test-line' });
    expect(overridden.source).toBe('override');
    expect(overridden.account?.wsUrl).toBe('wss://sbc.example.cn:7443');
    expect(overridden.account?.user).toBe('1001');
    expect(accounts.credential()).toBe('local-test-line');
    expect(settings.read().sipServers).toEqual(['ws://127.0.0.1:5999', 'wss://sbc.example.cn:7443']);
    const cleared = await accounts.setOverride(null);
    expect(cleared.account?.wsUrl).toBe('ws://127.0.0.1:5999');
    expect(accounts.credential()).toBe(sipPasswordFor(SECRET, '1001'));
  });

  it('agent states go to the outbox and straight to the centre, which keeps only the newest report', async () => {
    const now = Date.now();
    const ready = { status: 'ready' as const, at: new Date(now).toISOString() };
    expect(await reportAgentState(session.db, session.api, '1001', ready)).toEqual({ delivered: true });
    const stale = { status: 'notReady' as const, reason: 'break', at: new Date(now - 60_000).toISOString() };
    await reportAgentState(session.db, session.api, '1001', stale);
    const stored = await server.storage.getDocument('agentState', '1001');
    expect(stored?.data).toMatchObject({ agentId: '1001', team: '宽带一组', status: 'ready' });

    const queued = session.db.prepare("SELECT entity_id AS entityId, payload FROM outbox WHERE collection = 'agentState' ORDER BY seq").all() as { entityId: string; payload: string }[];
    expect(queued).toHaveLength(2);
    expect(JSON.parse(queued[0]!.payload)).toEqual({ baseRev: null, patch: ready });

    const reply = await session.api.request('PUT', '/v1/agents/me/state', z.object({ applied: z.boolean() }), stale);
    expect(reply.applied).toBe(false);
  });

  it('offline, the cached account still registers the agent, and state changes wait in the outbox', async () => {
    await server.close();
    const view = await accounts.view(true);
    expect(view.source).toBe('cache');
    expect(view.account?.user).toBe('1001');
    expect(accounts.credential()).toBe(sipPasswordFor(SECRET, '1001'));
    const before = session.db.prepare('SELECT COUNT(*) FROM outbox').pluck().get() as number;
    const result = await reportAgentState(session.db, session.api, '1001', { status: 'notReady', reason: 'meeting', at: new Date().toISOString() });
    expect(result.delivered).toBe(false);
    expect(session.db.prepare('SELECT COUNT(*) FROM outbox').pluck().get()).toBe(before + 1);
  });
});

describe('a centre without a SIP proxy (the seed softphone.json names none)', () => {
  it('provisions no line, yet the agent gets the centre’s not-ready reasons and no password', async () => {
    const bare = await startApiServer({ db: path.join(dir, 'central-no-sip.db'), logger: false });
    const profileDir = path.join(dir, 'profile-no-sip');
    const agent = await new SessionService({ profileDir, serverUrl: bare.url, log: silentLogger }).login('1002', 'hotline1002');
    try {
      expect(bare.sipConfigured).toBe(false);
      const allowed: string[] = [];
      const noLine = new SipAccountService({ db: agent.db, api: agent.api, ensureSignedIn: agent.ensureSignedIn, box: osSecretBox(fakeSafeStorage), log: silentLogger, allowSipServer: (wsUrl) => allowed.push(wsUrl) });
      const view = await noLine.view(true);
      expect(view).toMatchObject({ account: null, hasPassword: false, source: 'none' });
      // The reasons are the seed centre's five, not the workstation's built-in three.
      expect(view.config.notReadyReasons.map((reason) => reason.zh)).toEqual(['小休', '培训', '会议', '用餐', '辅导']);
      expect(() => noLine.credential()).toThrow();
      expect(allowed).toEqual([]);
      // Cached for an offline start: the next view without the centre says the same.
      expect(await noLine.view(false)).toMatchObject({ account: null, source: 'none' });
    } finally {
      await agent.verifierSaved;
      agent.db.close();
      await bare.close();
    }
  });
});
