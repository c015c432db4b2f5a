import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiServer, type RunningApiServer } from '../../../src-server/start.js';
import { createTicketMutation, ticketDocument } from '../../support/ticket-documents.js';

let dir: string;
let server: RunningApiServer;

async function login(agentId: string): Promise<string> {
  const response = await fetch(`${server.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agentId, password: `hotline${agentId}` }) });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

const post = (url: string, token: string, body: unknown) =>
  fetch(`${server.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** A new ticket as the workstation pushes it; `description` swaps in a longer text. */
function ticket(description?: string) {
  const doc = ticketDocument();
  return createTicketMutation(description === undefined ? doc : { ...doc, fields: { ...doc.fields, description } });
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-api-'));
  server = await startApiServer({ db: path.join(dir, 'central.db'), rateLimit: { perSecond: 2, burst: 5 } });
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('central API', () => {
  it('answers a push per mutation and a retried push as duplicate', async () => {
    const token = await login('1001');
    const body = { clientId: 'ws-test-client-1', mutations: [ticket(), ticket()] };
    const first = await post('/v1/sync/push', token, body);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ results: [{ status: 'applied', rev: 1 }, { status: 'applied', rev: 1 }] });
    expect(await (await post('/v1/sync/push', token, body)).json()).toMatchObject({ results: [{ status: 'duplicate' }, { status: 'duplicate' }] });
  });

  it('refuses bad bodies with {code,message}, oversized requests, unsigned callers and too many requests', async () => {
    const token = await login('1001');
    const bad = await post('/v1/sync/push', token, { clientId: 'ws-test-client-1', mutations: [{ ...ticket(), mutationId: 'not-a-uuid' }] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ code: 'VALIDATION', message: expect.stringContaining('mutations.0.mutationId') });
    const huge = await post('/v1/sync/push', token, { clientId: 'ws-test-client-1', mutations: [ticket('x'.repeat(6 * 1024 * 1024))] });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ code: 'TOO_LARGE' });
    const big = await post('/v1/sync/push', token, { clientId: 'ws-test-client-1', mutations: [ticket('x'.repeat(300 * 1024))] });
    expect(await big.json()).toMatchObject({ results: [{ status: 'rejected', error: { code: 'TOO_LARGE' } }] });
    const anonymous = await fetch(`${server.url}/v1/sync/pull`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await fetch(`${server.url}/v1/sync/pull`, { headers: { authorization: `Bearer ${token}` } })).status);
    expect(statuses).toContain(429);
  });

  it('lets only admins publish content: one transaction, one poke to connected workstations', async () => {
    const agentToken = await login('1001');
    const adminToken = await login('9001');
    const documents = [
      { collection: 'handbook', id: 'kb-101', data: { title: '资费争议处理' } },
      { collection: 'scripts', id: 'S-1', data: { title: '开场白' } },
    ];
    expect((await post('/v1/admin/publish', agentToken, { documents })).status).toBe(403);

    const controller = new AbortController();
    const events = await fetch(`${server.url}/v1/sync/events`, { headers: { authorization: `Bearer ${agentToken}` }, signal: controller.signal });
    expect(events.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = events.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = (await reader.read()).value ?? '';
    expect(received).toContain('event: hello');

    const published = await post('/v1/admin/publish', adminToken, { documents });
    expect(await published.json()).toEqual({ published: 2 });
    while (!received.includes('event: poke')) received += (await reader.read()).value ?? '';
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort();
    expect(received.match(/event: poke/g)).toHaveLength(1);
    expect(await server.storage.getDocument('handbook', 'kb-101')).toMatchObject({ data: { title: '资费争议处理' } });
  });

  it('reports health and readiness', async () => {
    expect(await (await fetch(`${server.url}/v1/health`)).json()).toMatchObject({ status: 'ok', version: '1' });
    expect(await (await fetch(`${server.url}/v1/ready`)).json()).toEqual({ status: 'ready' });
  });
});
