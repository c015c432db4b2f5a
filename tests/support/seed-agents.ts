import { expect } from 'vitest';
import type { Mutation, PushResult } from '../../src-shared/sync/protocol.js';

/**
 * The seed agents (password `hotline<工号>`) talking to a real central API over HTTP, as a
 * workstation would: each signs in once; pushes go out from the client `<clientPrefix><工号>`.
 */
export function seedAgentsOn(url: () => string, clientPrefix: string) {
  const tokens = new Map<string, string>();
  async function tokenOf(agentId: string): Promise<string> {
    if (!tokens.has(agentId)) {
      const response = await fetch(`${url()}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agentId, password: `hotline${agentId}` }) });
      expect(response.status).toBe(200);
      tokens.set(agentId, ((await response.json()) as { accessToken: string }).accessToken);
    }
    return tokens.get(agentId)!;
  }
  /** A raw push body (for malformed or oversized ones). */
  const send = async (agentId: string, body: string) =>
    fetch(`${url()}/v1/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenOf(agentId)}` }, body });
  async function push(agentId: string, ...mutations: Mutation[]): Promise<PushResult[]> {
    const response = await send(agentId, JSON.stringify({ clientId: `${clientPrefix}${agentId}`, mutations }));
    expect(response.status).toBe(200);
    return ((await response.json()) as { results: PushResult[] }).results;
  }
  return { tokenOf, send, push };
}
