import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startInProcessWorkstation, type InProcessWorkstation } from '../../support/workstation.js';

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
