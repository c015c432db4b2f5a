import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStorage } from '../../../src-server/start.js';
import { startCentralApi } from '../../support/processes.js';
import { useScratchWithPostgres } from '../../support/postgres.js';
import { runAdmin } from '../../support/admin-cli.js';
import { createTicketMutation, ticketDocument, ticketId } from '../../support/ticket-documents.js';

// Each CLI run is a fresh node with tsx compiling the entry on the fly: a second on a quiet machine,
// several on a busy one. The bound is for the whole sequence of processes, not a timing check.
const CLI_SEQUENCE_TIMEOUT = 180_000;
const cli = runAdmin;

const scratch = useScratchWithPostgres('hotline-cli-');

let databases = 0;
describe.each([
  ['an SQLite file', () => path.join(scratch.dir, `central-${++databases}.db`)],
  ['PostgreSQL', () => scratch.postgres.createDatabase(`cli_${++databases}`)],
])('the admin CLI against %s', (_name, database) => {
  it('adds, lists and disables agents; a disabled agent cannot sign in', async () => {
    const db = database();
    const added = await cli('agents', 'add', '--db', db, '--id', '4001', '--password', 's3cret-pass', '--name', '陈静', '--team', '宽带一组', '--role', 'teamlead');
    expect(added.stdout).toContain('added agent 4001');
    expect((await cli('agents', 'list', '--db', db)).stdout).toContain('4001\t陈静\t宽带一组\tteamlead\tactive');
    const api = await startCentralApi(db);
    try {
      const signIn = () => fetch(`${api.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agentId: '4001', password: 's3cret-pass' }) });
      expect((await signIn()).status).toBe(200);
      await cli('agents', 'disable', '--db', db, '--id', '4001');
      expect((await signIn()).status).toBe(401);
    } finally {
      await api.stop();
    }
    await expect(cli('agents', 'add', '--db', db, '--id', '4002', '--password', 'short', '--name', 'x', '--team', 't')).rejects.toThrow(/密码至少 10 个字符.*at least 10 characters/s);
  }, CLI_SEQUENCE_TIMEOUT);

  it('publishes content in one go', async () => {
    const db = database();
    const file = path.join(scratch.dir, 'codes.json');
    writeFileSync(file, JSON.stringify([{ id: 'C-1', data: { name: '资费争议' } }, { id: 'C-2', data: { name: '网络质量' } }]));
    expect((await cli('content', 'publish', '--db', db, '--collection', 'codes', '--file', file)).stdout).toContain('published 2 codes');
    const storage = await openStorage(db);
    expect(await storage.countDocuments('codes')).toBe(2);
    await storage.close();
  }, CLI_SEQUENCE_TIMEOUT);
});

describe('graceful shutdown', () => {
  it('finishes the pushes in flight when the server is asked to stop: every answered push is on disk', async () => {
    const db = path.join(scratch.dir, 'shutdown.db');
    const api = await startCentralApi(db);
    const token = (
      (await (await fetch(`${api.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agentId: '1001', password: 'hotline1001' }) })).json()) as {
        accessToken: string;
      }
    ).accessToken;
    const pushes = Array.from({ length: 12 }, (_, n) => {
      const mutations = Array.from({ length: 100 }, (_, i) => createTicketMutation(ticketDocument(ticketId(n, i))));
      return fetch(`${api.url}/v1/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ clientId: 'ws-shutdown-test', mutations }) })
        .then(async (response) => (response.ok ? ((await response.json()) as { results: { status: string }[] }).results.filter((result) => result.status === 'applied').length : 0))
        .catch(() => 0);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stopped = api.stop('SIGTERM');
    const answered = (await Promise.all(pushes)).reduce((sum, n) => sum + n, 0);
    await stopped;
    expect(api.child.exitCode).toBe(0);
    expect(answered).toBeGreaterThan(0);
    const storage = await openStorage(db);
    expect(await storage.countAppliedMutations()).toBe(answered);
    expect(await storage.countDocuments('tickets')).toBe(answered);
    await storage.close();
  });
});
