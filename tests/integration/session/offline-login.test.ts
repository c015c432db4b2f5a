import Database from 'better-sqlite3';
import { randomBytes, scryptSync } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startInProcessWorkstation, type InProcessWorkstation } from '../../support/workstation.js';
import { openSqliteFile } from '../../support/db-snapshot.js';

describe('signing in while the central API is down', () => {
  let ws: InProcessWorkstation;
  beforeEach(async () => (ws = await startInProcessWorkstation()));
  afterEach(() => ws.close());

  it('lets an agent who signed in here before work offline with the articles already pulled', async () => {
    await ws.dispatch('session.login', { agentId: '1001', password: 'hotline1001' });
    await ws.workstation.requireSession().sync.syncNow();
    await ws.dispatch('session.logout', {});
    await ws.api.close();

    expect(await ws.dispatch('session.login', { agentId: '1001', password: 'wrong' })).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } });
    const login = await ws.dispatch('session.login', { agentId: '1001', password: 'hotline1001' });
    expect(login).toMatchObject({ ok: true, value: { offlineLogin: true, agent: { name: '张敏' } } });
    const list = await ws.call('handbook.list', {});
    expect(list.ok && list.value.length).toBeGreaterThan(0);
    const status = await ws.workstation.requireSession().sync.syncNow();
    expect(status.online).toBe(false);
  });

  it('refuses an agent who never signed in on this machine, saying the server is unreachable', async () => {
    await ws.api.close();
    expect(await ws.dispatch('session.login', { agentId: '1002', password: 'hotline1002' })).toMatchObject({
      ok: false,
      error: { code: 'SERVER_UNREACHABLE' },
    });
  });
});

describe('the offline verifier', () => {
  let ws: InProcessWorkstation;
  beforeEach(async () => (ws = await startInProcessWorkstation()));
  afterEach(() => ws.close());

  const signInOnlineAndOut = async () => {
    await ws.dispatch('session.login', { agentId: '1001', password: 'hotline1001' });
    await ws.workstation.requireSession().sync.syncNow();
    await ws.dispatch('session.logout', {});
  };
  const profile = () => openSqliteFile(path.join(ws.dir, 'profile', 'agent-1001.db'));
  const setting = (db: Database.Database, key: string) => db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
  // Checked with node's scrypt directly, not with the code under test.
  const scryptMatches = (stored: string, password: string) => {
    const [, n, r, p, salt, hash] = stored.split('$');
    const expected = Buffer.from(hash!, 'base64url');
    const params = { N: Number(n), r: Number(r), p: Number(p), maxmem: 512 * 1024 * 1024 };
    return scryptSync(password, Buffer.from(salt!, 'base64url'), expected.length, params).equals(expected);
  };

  it('is scrypt at OWASP strength (N = 2^17, r = 8, p = 1), dated at the online sign-in, and holds no password', async () => {
    await signInOnlineAndOut();
    const db = profile();
    const verifier = JSON.parse(setting(db, 'offline_verifier')!) as { hash: string; onlineAt: string };
    db.close();
    expect(verifier.hash.split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1']);
    expect(scryptMatches(verifier.hash, 'hotline1001')).toBe(true);
    expect(scryptMatches(verifier.hash, 'hotline1002')).toBe(false);
    expect(Date.now() - Date.parse(verifier.onlineAt)).toBeLessThan(60_000);
  });

  it('expires after the centre’s number of days offline; the next online sign-in dates it again', async () => {
    await signInOnlineAndOut();
    ws.workstation.settings.update({ offlineSignInDays: 7 });
    const db = profile();
    const verifier = JSON.parse(setting(db, 'offline_verifier')!) as { hash: string };
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000).toISOString();
    db.prepare('UPDATE settings SET value = ? WHERE key = ?').run(JSON.stringify({ ...verifier, onlineAt: eightDaysAgo }), 'offline_verifier');
    db.close();
    await ws.api.close();
    expect(await ws.dispatch('session.login', { agentId: '1001', password: 'hotline1001' })).toMatchObject({ ok: false, error: { code: 'OFFLINE_EXPIRED' } });
    ws.workstation.settings.update({ offlineSignInDays: 9 });
    expect(await ws.dispatch('session.login', { agentId: '1001', password: 'hotline1001' })).toMatchObject({ ok: true, value: { offlineLogin: true } });
  });

  it('a profile with the old N = 2^14 hash still signs in offline, and the hash is replaced at once', async () => {
    await signInOnlineAndOut();
    const db = profile();
    // What a profile written before the offline verifier holds: a bare scrypt N=2^14 hash.
    const salt = randomBytes(16);
    const legacy = ['scrypt', 16384, 8, 1, salt.toString('base64url'), scryptSync('hotline1001', salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64url')].join('$');
    db.prepare("DELETE FROM settings WHERE key = 'offline_verifier'").run();
    db.prepare("INSERT INTO settings (key, value) VALUES ('cached_credential', ?)").run(legacy);
    db.close();
    await ws.api.close();
    expect(await ws.dispatch('session.login', { agentId: '1001', password: 'wrong' })).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } });
    expect(await ws.dispatch('session.login', { agentId: '1001', password: 'hotline1001' })).toMatchObject({ ok: true, value: { offlineLogin: true } });
    await ws.dispatch('session.logout', {});
    const after = profile();
    expect(setting(after, 'cached_credential')).toBeUndefined();
    const upgraded = JSON.parse(setting(after, 'offline_verifier')!) as { hash: string };
    after.close();
    expect(upgraded.hash.split('$')[1]).toBe('131072');
    expect(scryptMatches(upgraded.hash, 'hotline1001')).toBe(true);
  });
});
