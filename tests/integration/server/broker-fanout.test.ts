import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNats, type ThrowawayNats } from '../../support/nats.js';
import { useScratchWithPostgres } from '../../support/postgres.js';
import { startCentralApi, type CentralApi } from '../../support/processes.js';
import { seedAgentsOn } from '../../support/seed-agents.js';
import { queryServerDb } from '../../support/server-db.js';
import { createTicketMutation, ticketDocument } from '../../support/ticket-documents.js';

// Several API processes behind one address (issue 19): two real API processes on one PostgreSQL,
// pokes fanned out through a real NATS server. A write taken by process A pokes the streams held
// by process B (for the team that may see it, not the others); PostgreSQL LISTEN is not used;
// the broker dying changes nothing acknowledged and kills no API process, and when it is back
// the streams are poked again without anyone writing.

const scratch = useScratchWithPostgres('hotline-broker-');

/** An agent's event stream on one API process: the event names as they arrive. */
async function openStream(api: CentralApi, token: string) {
  const controller = new AbortController();
  const response = await fetch(`${api.url}/v1/sync/events`, { headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` }, signal: controller.signal });
  expect(response.status).toBe(200);
  const events: string[] = [];
  void (async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        for (const line of value.split('\n')) if (line.startsWith('event:')) events.push(line.slice(6).trim());
      }
    } catch {
      // aborted by the test
    }
  })();
  await expect.poll(() => events[0], { timeout: 30_000, message: 'the stream said hello' }).toBe('hello');
  return { events, pokes: () => events.filter((name) => name === 'poke').length, close: () => controller.abort() };
}

describe('pokes across API processes through NATS', () => {
  let nats: ThrowawayNats;
  let a: CentralApi;
  let b: CentralApi;
  let db: string;
  beforeAll(async () => {
    nats = await startNats();
    db = scratch.postgres.createDatabase('broker_fanout');
    const env = { HOTLINE_BROKER_URL: nats.url, HOTLINE_RATE_LIMIT: 'off' };
    a = await startCentralApi(db, 0, env);
    b = await startCentralApi(db, 0, env); // same database: the same token secret, kept there
  }, 120_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await nats?.stop();
  });

  it('a write taken by one process pokes the team’s streams on the other, and only the team’s', async () => {
    const onA = seedAgentsOn(() => a.url, 'ws-broker-');
    const onB = seedAgentsOn(() => b.url, 'ws-broker-');
    const colleague = await openStream(b, await onB.tokenOf('1002')); // 宽带一组, on process B
    const otherTeam = await openStream(b, await onB.tokenOf('1003')); // 移动二组, on process B
    expect(await onA.push('1001', createTicketMutation(ticketDocument()))).toMatchObject([{ status: 'applied' }]);
    await expect.poll(colleague.pokes, { timeout: 20_000 }).toBe(1);
    // The other team's stream hears nothing of it; a write of its own team does reach it.
    expect(otherTeam.pokes()).toBe(0);
    const mobile = ticketDocument(undefined, { owner: { id: '1003', name: '陈静', team: '移动二组' }, team: '移动二组', assignee: { team: '移动二组', agentId: '1003', name: '陈静' } });
    expect(await onA.push('1003', createTicketMutation(mobile))).toMatchObject([{ status: 'applied' }]);
    await expect.poll(otherTeam.pokes, { timeout: 20_000 }).toBe(1);
    expect(colleague.pokes()).toBe(1);
    // No process listens on PostgreSQL: the commits carry no NOTIFY.
    expect(await queryServerDb(db, `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query ILIKE 'LISTEN%'`)).toEqual([{ n: 0 }]);
    colleague.close();
    otherTeam.close();
  }, 60_000);

  it('survives the broker dying: writes still acknowledged, no process exits, streams poked again when it is back', async () => {
    const onA = seedAgentsOn(() => a.url, 'ws-broker-');
    const onB = seedAgentsOn(() => b.url, 'ws-broker-');
    const colleague = await openStream(b, await onB.tokenOf('1002'));
    await nats.kill();
    expect(await onA.push('1001', createTicketMutation(ticketDocument()))).toMatchObject([{ status: 'applied' }]);
    expect(a.child.exitCode).toBeNull();
    expect(b.child.exitCode).toBeNull();
    const before = colleague.pokes();
    await nats.restart();
    // Reconnected, process B pokes everyone once (a poke may have been missed meanwhile) …
    await expect.poll(colleague.pokes, { timeout: 30_000, message: 'process B poked its streams after the broker came back' }).toBeGreaterThan(before);
    // … and fan-out works again for new writes.
    const after = colleague.pokes();
    expect(await onA.push('1001', createTicketMutation(ticketDocument()))).toMatchObject([{ status: 'applied' }]);
    await expect.poll(colleague.pokes, { timeout: 30_000, message: 'a write on A poked B again' }).toBeGreaterThan(after);
    colleague.close();
  }, 90_000);
});
