import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../../src-server/start.js';
import { startCentralApi, type CentralApi } from '../../support/processes.js';
import { useScratchWithPostgres } from '../../support/postgres.js';

// Sign-in as a guesser meets it: the real API process, over HTTP, on both storages.

const scratch = useScratchWithPostgres('hotline-sign-in-');

let databases = 0;
const login = (api: CentralApi, agentId: string, password: string) =>
  fetch(`${api.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agentId, password }) });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe.each([
  ['SQLite', () => path.join(scratch.dir, `central-${++databases}.db`)],
  ['PostgreSQL', () => scratch.postgres.createDatabase(`sign_in_${++databases}`)],
])('central sign-in on %s', (_name, database) => {
  let db: string;
  let api: CentralApi;
  beforeAll(async () => {
    db = database();
    api = await startCentralApi(db);
  });
  afterAll(() => api?.stop());

  it('refuses the 31st wrong password within a minute with 429 and Retry-After, even when it is the right one', async () => {
    for (let i = 1; i <= 30; i++) {
      const response = await login(api, '1002', `wrong-${i}`);
      expect(response.status, `attempt ${i}`).toBe(401);
    }
    const refused = await login(api, '1002', 'wrong-31');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(50);
    expect(await refused.json()).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/登录尝试过多.*Too many sign-in attempts/) });
    // Locked out means no password is checked: the right one is refused too, and the lockout grows no shorter.
    const right = await login(api, '1002', 'hotline1002');
    expect(right.status).toBe(429);
    // Another 工号 from the same address is not locked out.
    expect((await login(api, '1001', 'hotline1001')).status).toBe(200);
  }, 120_000); // 31 scrypt checks on a shared 2-core machine

  it('answers an unknown, a disabled and a known 工号 with a wrong password alike, in about the same time', async () => {
    const storage = await openStorage(db);
    try {
      const agent = (await storage.findAgent('1003'))!;
      await storage.saveAgent({ ...agent, disabled: true });
    } finally {
      await storage.close();
    }
    // Interleaved, so a load spike on this shared machine hits all three kinds alike; medians, so one slow sample does not decide.
    const kinds = { known: ['2001', '3001'], unknown: ['8801', '8802', '8803', '8804', '8805', '8806', '8807', '8808', '8809', '8810', '8811', '8812'], disabled: ['1003'] };
    const times: Record<keyof typeof kinds, number[]> = { known: [], unknown: [], disabled: [] };
    const bodies = new Set<string>();
    for (let i = 0; i < 12; i++) {
      for (const kind of ['known', 'unknown', 'disabled'] as const) {
        const ids = kinds[kind];
        const started = performance.now();
        const response = await login(api, ids[i % ids.length]!, `wrong-${i}`);
        const body = await response.text();
        times[kind].push(performance.now() - started);
        expect(response.status).toBe(401);
        bodies.add(body);
      }
    }
    expect([...bodies]).toEqual([JSON.stringify({ code: 'BAD_CREDENTIALS', message: '工号或密码错误 / Wrong agent id or password' })]);
    const medians = Object.fromEntries(Object.entries(times).map(([kind, samples]) => [kind, median(samples)]));
    console.log(`sign-in timing medians (ms, 12 each): ${JSON.stringify(medians)}`);
    const values = Object.values(medians);
    expect(Math.max(...values) / Math.min(...values)).toBeLessThan(2);
  }, 120_000);
});

describe('the central API configuration', () => {
  it('refuses to start with a HOTLINE_TOKEN_SECRET shorter than 32 bytes, naming the variable', async () => {
    const refusal = await startCentralApi(path.join(scratch.dir, 'short-secret.db'), 0, { HOTLINE_TOKEN_SECRET: 'only-twenty-bytes-xx' }).then(
      async (api) => {
        await api.stop();
        return 'started';
      },
      (error: Error) => error.message,
    );
    expect(refusal).toMatch(/exited early \(1\)/);
    expect(refusal).toContain('HOTLINE_TOKEN_SECRET 太短（20 字节）');
    expect(refusal).toContain('HOTLINE_TOKEN_SECRET is too short (20 bytes): it must be at least 32 bytes');
    expect(refusal).not.toMatch(/\n\s+at /); // a message, not a stack trace

    const api = await startCentralApi(path.join(scratch.dir, 'long-secret.db'), 0, { HOTLINE_TOKEN_SECRET: 'x'.repeat(32) });
    try {
      expect((await login(api, '1001', 'hotline1001')).status).toBe(200);
    } finally {
      await api.stop();
    }
  }, 60_000);
});
