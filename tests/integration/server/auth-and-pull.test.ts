import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiServer, type RunningApiServer } from '../../../src-server/start.js';

describe('central API: sign-in and pull', () => {
  let api: RunningApiServer;
  beforeEach(async () => {
    api = await startApiServer({ db: path.join(mkdtempSync(path.join(os.tmpdir(), 'hotline-api-')), 'central.db') });
  });
  afterEach(() => api.close());

  const post = (url: string, body: unknown) =>
    fetch(`${api.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('signs in a seed agent and never stores the password in clear', async () => {
    const response = await post('/v1/auth/login', { agentId: '2001', password: 'hotline2001' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ agent: { id: '2001', role: 'teamlead', team: '宽带一组' }, expiresIn: 900 });
    const stored = await api.storage.findAgent('2001');
    expect(stored?.passwordHash).toMatch(/^scrypt\$/);
    expect(stored?.passwordHash).not.toContain('hotline2001');
  });

  it('answers a wrong password and an unknown agent alike, with a JSON error', async () => {
    for (const body of [{ agentId: '1001', password: 'x' }, { agentId: '7777', password: 'x' }]) {
      const response = await post('/v1/auth/login', body);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ code: 'BAD_CREDENTIALS', message: '工号或密码错误 / Wrong agent id or password' });
    }
  });

  it('rejects malformed bodies with a 400 that names the field', async () => {
    const response = await post('/v1/auth/login', { agentId: '../../etc', password: '' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('agentId') });
  });

  it('pulls published handbook articles only with a valid token, page by page', async () => {
    expect((await fetch(`${api.url}/v1/sync/pull`)).status).toBe(401);
    expect((await fetch(`${api.url}/v1/sync/pull`, { headers: { authorization: 'Bearer forged.token' } })).status).toBe(401);

    const { accessToken } = (await (await post('/v1/auth/login', { agentId: '1001', password: 'hotline1001' })).json()) as { accessToken: string };
    const pull = (cursor: number) =>
      fetch(`${api.url}/v1/sync/pull?cursor=${cursor}&limit=2`, { headers: { authorization: `Bearer ${accessToken}` } }).then(
        (r) => r.json() as Promise<{ changes: { collection: string; id: string }[]; cursor: number; hasMore: boolean }>,
      );
    const ids: string[] = [];
    let cursor = 0;
    for (let page = await pull(0); ; page = await pull(cursor)) {
      // Documents are keyed by collection and id (a script and an article may share an id).
      ids.push(...page.changes.map((change) => `${change.collection}/${change.id}`));
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(ids).toContain('handbook/broadband-fault-report');
    expect(ids).toContain('scripts/broadband-fault');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shows team documents only to that team', async () => {
    await api.storage.putDocuments([
      { collection: 'tickets', id: 't-broadband', data: { title: '宽带一组的工单' }, team: '宽带一组' },
      { collection: 'tickets', id: 't-mobile', data: { title: '移动二组的工单' }, team: '移动二组' },
    ]);
    const page = await api.storage.pull({ agentId: '1001', team: '宽带一组' }, 0, 1000);
    const tickets = page.changes.filter((change) => change.collection === 'tickets').map((change) => change.id);
    expect(tickets).toEqual(['t-broadband']);
  });
});
