import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentralApi, type CentralApi } from '../../support/processes.js';
import { useScratchWithPostgres } from '../../support/postgres.js';
import { queryServerDb } from '../../support/server-db.js';
import { runAdmin } from '../../support/admin-cli.js';

// Revocation as the centre's admin and a thief meet it: the real API process, the real admin CLI
// (another process writing the same database), over HTTP, on both storages.

const admin = runAdmin;

const scratch = useScratchWithPostgres('hotline-revocation-');

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

let databases = 0;
describe.each([
  { name: 'SQLite', database: () => path.join(scratch.dir, `central-${++databases}.db`) },
  { name: 'PostgreSQL', database: () => scratch.postgres.createDatabase(`revocation_${++databases}`) },
])('revoking tokens on $name', ({ database }) => {
  let db: string;
  let api: CentralApi;
  beforeAll(async () => {
    db = database();
    api = await startCentralApi(db);
  });
  afterAll(() => api?.stop());

  const post = (url: string, body: unknown, token?: string) =>
    fetch(`${api.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const signIn = async (agentId: string, password = `hotline${agentId}`): Promise<Tokens> => {
    const response = await post('/v1/auth/login', { agentId, password });
    expect(response.status).toBe(200);
    return (await response.json()) as Tokens;
  };
  const pullStatus = async (token: string) => (await fetch(`${api.url}/v1/sync/pull?cursor=0&limit=1`, { headers: { authorization: `Bearer ${token}` } })).status;
  const refresh = (refreshToken: string) => post('/v1/auth/refresh', { refreshToken });

  it("refuses a disabled agent's token within 5 s and closes the event stream it opened", async () => {
    const { accessToken } = await signIn('1002');
    const stream = await fetch(`${api.url}/v1/sync/events`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(stream.status).toBe(200);
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    while (!received.includes('event: hello')) received += (await reader.read()).value ?? '';
    const streamEnded = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        received += value ?? '';
        if (done) return performance.now();
      }
    })();
    expect(await pullStatus(accessToken)).toBe(200); // the state is cached now: revocation must get past the cache

    await admin('agents', 'disable', '--db', db, '--id', '1002'); // another process, straight into the database
    const disabledAt = performance.now();
    let refusedAt: number | undefined;
    while (refusedAt === undefined && performance.now() - disabledAt < 10_000) {
      if ((await pullStatus(accessToken)) === 401) refusedAt = performance.now();
      else await new Promise((resolve) => setTimeout(resolve, 100)); // poll interval, not a timing assumption
    }
    expect(refusedAt, 'token still accepted 10 s after the agent was disabled').toBeDefined();
    const endedAt = await Promise.race([streamEnded, new Promise<number>((resolve) => setTimeout(() => resolve(Infinity), 10_000))]);
    console.log(`disabled → token refused after ${Math.round(refusedAt! - disabledAt)} ms, event stream closed after ${Math.round(endedAt - disabledAt)} ms`);
    expect(refusedAt! - disabledAt).toBeLessThan(5_000);
    expect(endedAt - disabledAt).toBeLessThan(5_000);
    expect(received).toContain('event: revoked');
    // Nor does a new stream, a refresh or a new sign-in get through.
    expect((await fetch(`${api.url}/v1/sync/events`, { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(401);
    expect((await post('/v1/auth/login', { agentId: '1002', password: 'hotline1002' })).status).toBe(401);
  }, 120_000);

  it('rotates refresh tokens; a used one presented again revokes its whole family and the access tokens', async () => {
    const first = await signIn('1001');
    const other = await signIn('2001'); // another agent is not affected
    const rotated = await refresh(first.refreshToken);
    expect(rotated.status).toBe(200);
    const second = (await rotated.json()) as Tokens;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(await pullStatus(second.accessToken)).toBe(200);

    const replay = await refresh(first.refreshToken); // the copy a thief kept
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/登录已失效.*sign in again/) });
    expect((await refresh(second.refreshToken)).status).toBe(401); // the family is gone, the newest member too
    expect(await pullStatus(second.accessToken)).toBe(401);
    expect(await pullStatus(first.accessToken)).toBe(401);
    expect(await pullStatus(other.accessToken)).toBe(200);
    // Signing in again starts a new family.
    const again = await signIn('1001');
    expect(await pullStatus(again.accessToken)).toBe(200);
    expect((await refresh(again.refreshToken)).status).toBe(200);
    // Stored by hash only: the table signs no one in.
    const stored = JSON.stringify(await queryServerDb(db, 'SELECT * FROM refresh_tokens'));
    for (const token of [first.refreshToken, second.refreshToken, again.refreshToken]) expect(stored).not.toContain(token);
    const families = await queryServerDb(db, `SELECT family, COUNT(revoked_at) AS revoked, COUNT(*) AS tokens FROM refresh_tokens WHERE agent_id = '1001' GROUP BY family ORDER BY MIN(issued_at)`);
    expect(families.map((family) => [Number(family.revoked), Number(family.tokens)])).toEqual([[2, 2], [0, 2]]);
  }, 60_000);

  it('logout makes the access and refresh tokens worthless at once; a garbage refresh token changes nothing', async () => {
    const tokens = await signIn('3001');
    expect((await refresh('not-a-token')).status).toBe(401);
    expect(await pullStatus(tokens.accessToken)).toBe(200);
    const logout = await post('/v1/auth/logout', { refreshToken: tokens.refreshToken }, tokens.accessToken);
    expect(logout.status).toBe(200);
    expect(await pullStatus(tokens.accessToken)).toBe(401);
    expect((await refresh(tokens.refreshToken)).status).toBe(401);
    expect((await post('/v1/auth/logout', {}, tokens.accessToken)).status).toBe(401);
    expect((await post('/v1/auth/logout', { refreshToken: 12 })).status).toBe(400);
  }, 60_000);

  it("changing a password (the agent's own route or the admin CLI) revokes the tokens issued before, under the policy", async () => {
    const tokens = await signIn('1003');
    const weak = await post('/v1/auth/password', { currentPassword: 'hotline1003', newPassword: 'hotline1003!' }, tokens.accessToken);
    expect(weak.status).toBe(400);
    expect(await weak.json()).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/密码不能包含工号.*must not contain the agent id/) });
    const wrong = await post('/v1/auth/password', { currentPassword: 'not-mine', newPassword: 'Lantern-river7' }, tokens.accessToken);
    expect(wrong.status).toBe(401);
    expect(await pullStatus(tokens.accessToken)).toBe(200); // refusals changed nothing

    const changed = await post('/v1/auth/password', { currentPassword: 'hotline1003', newPassword: 'Lantern-river7' }, tokens.accessToken);
    expect(changed.status).toBe(200);
    const fresh = (await changed.json()) as Tokens;
    expect(await pullStatus(tokens.accessToken)).toBe(401);
    expect((await refresh(tokens.refreshToken)).status).toBe(401);
    expect(await pullStatus(fresh.accessToken)).toBe(200);

    await expect(admin('agents', 'password', '--db', db, '--id', '1003', '--password', 'short')).rejects.toThrow(/密码至少 10 个字符.*at least 10 characters/s);
    await admin('agents', 'password', '--db', db, '--id', '1003', '--password', 'Harbour-lights42');
    let refused = false;
    const changedAt = performance.now();
    while (!refused && performance.now() - changedAt < 10_000) {
      refused = (await pullStatus(fresh.accessToken)) === 401;
      if (!refused) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(refused).toBe(true);
    expect(performance.now() - changedAt).toBeLessThan(5_000);
    expect((await post('/v1/auth/login', { agentId: '1003', password: 'Harbour-lights42' })).status).toBe(200);
  }, 120_000);
});
