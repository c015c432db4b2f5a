import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as tickets from '../../../src-main/services/tickets/index.js';
import { openSqliteFile } from '../../support/db-snapshot.js';
import { COMPLAINT_VALUES } from '../../support/ticket-documents.js';
import { startInProcessWorkstation, type InProcessWorkstation } from '../../support/workstation.js';

// The workstation's side of revocation: sign-out tells the server, and a session the server
// revoked asks the agent to sign in again without losing what was not yet synced.

describe('a workstation whose session the central API revokes', () => {
  let ws: InProcessWorkstation;
  beforeEach(async () => (ws = await startInProcessWorkstation()));
  afterEach(() => ws.close());

  const agent = { id: '1001', name: '张敏', team: '宽带一组', role: 'agent' as const };

  it('asks the agent to sign in again and pushes the unsynced ticket after they do', async () => {
    expect(await ws.dispatch('session.login', { agentId: '1001', password: 'hotline1001' })).toMatchObject({ ok: true });
    await ws.workstation.requireSession().sync.syncNow(); // forms and codes, so a ticket can be entered
    const revoked = new Promise<{ agentId: string }>((resolve) => ws.workstation.once('session.revoked', resolve));

    // The agent changes their password from another machine: every token issued before is dead.
    const post = (url: string, body: unknown, token?: string) =>
      fetch(`${ws.api.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    const elsewhere = (await (await post('/v1/auth/login', { agentId: '1001', password: 'hotline1001' })).json()) as { accessToken: string };
    expect((await post('/v1/auth/password', { currentPassword: 'hotline1001', newPassword: 'Lantern-river7' }, elsewhere.accessToken)).status).toBe(200);

    const { db } = ws.workstation.requireSession();
    const ctx = { db, actor: agent, now: () => new Date() };
    const draft = tickets.openDraftFromCall(ctx, { callId: 'call-revoked', number: '13812341234', startedAt: new Date().toISOString(), scenario: '投诉' });
    tickets.saveDraft(db, draft.id, { ...draft.values, ...COMPLAINT_VALUES } as never, 'description', new Date());
    const ticketId = tickets.submitDraft(ctx, draft.id);
    void ws.workstation.requireSession().sync.syncNow();

    expect(await revoked).toEqual({ agentId: '1001' });
    expect(ws.workstation.session).toBeUndefined();
    const profile = openSqliteFile(path.join(ws.dir, 'profile', 'agent-1001.db'), { readonly: true });
    try {
      expect(profile.prepare('SELECT collection, op FROM outbox ORDER BY seq').all()).toEqual([
        { collection: 'tickets', op: 'create' },
        { collection: 'tickets', op: 'append' },
      ]);
    } finally {
      profile.close();
    }
    expect(await ws.api.storage.getDocument('tickets', ticketId)).toBeUndefined();

    // With the new password the agent is back, and the outbox goes out.
    expect(await ws.dispatch('session.login', { agentId: '1001', password: 'Lantern-river7' })).toMatchObject({ ok: true });
    const status = await ws.workstation.requireSession().sync.syncNow();
    expect(status.pending).toBe(0);
    expect(await ws.api.storage.getDocument('tickets', ticketId)).toMatchObject({ data: expect.objectContaining({ status: 'submitted' }) });
  }, 60_000);

  it('signs out on the server too when the agent signs out (every token of the agent revoked)', async () => {
    expect(await ws.dispatch('session.login', { agentId: '1001', password: 'hotline1001' })).toMatchObject({ ok: true });
    const before = (await ws.api.storage.findAgent('1001'))!.tokenVersion;
    expect(await ws.dispatch('session.logout', {})).toMatchObject({ ok: true });
    expect((await ws.api.storage.findAgent('1001'))!.tokenVersion).toBe(before + 1);
  });
});
