import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startInProcessWorkstation, type InProcessWorkstation } from '../../support/workstation.js';

describe('IPC dispatch', () => {
  let ws: InProcessWorkstation;
  beforeEach(async () => (ws = await startInProcessWorkstation()));
  afterEach(() => ws.close());

  it('answers a request with an invalid payload with a validation error and changes nothing', async () => {
    await ws.dispatch('app.setLocale', { locale: 'en' });
    const result = await ws.dispatch('app.setLocale', { locale: 'fr', extra: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(!result.ok && result.error.issues?.map((issue) => issue.path)).toEqual(expect.arrayContaining(['locale']));
    expect(await ws.dispatch('app.info', {})).toMatchObject({ ok: true, value: { locale: 'en' } });
  });

  it('refuses an unknown channel', async () => {
    expect(await ws.dispatch('shell.exec', { command: 'rm -rf /' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await ws.dispatch('__proto__', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await ws.dispatch(42, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('refuses a bad login without opening a profile, then signs in and lists the pulled handbook', async () => {
    expect(await ws.dispatch('session.login', { agentId: '1001', password: 'nope' })).toMatchObject({ ok: false, error: { code: 'BAD_CREDENTIALS' } });
    expect(await ws.dispatch('handbook.list', {})).toMatchObject({ ok: false, error: { code: 'NO_SESSION' } });

    const login = await ws.dispatch('session.login', { agentId: '1001', password: 'hotline1001' });
    expect(login).toMatchObject({ ok: true, value: { agent: { id: '1001', name: '张敏', role: 'agent' }, offlineLogin: false } });
    await ws.workstation.requireSession().sync.syncNow();
    const list = await ws.call('handbook.list', {});
    expect(list.ok && list.value.map((article) => article.id)).toContain('broadband-fault-report');
  });
});
