import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { startApiServer, type RunningApiServer } from '../../src-server/start.js';
import type { Agent } from '../../src-shared/domain/agent.js';
import { ApiClient } from '../../src-main/services/api/api-client.js';
import { silentLogger } from '../../src-main/services/log.js';
import { openStore, type Db } from '../../src-main/services/store/open-store.js';
import { SyncService } from '../../src-main/services/sync/sync-service.js';
import * as tickets from '../../src-main/services/tickets/index.js';

const AGENTS: Record<string, Agent> = {
  '1001': { id: '1001', name: '张敏', team: '宽带一组', role: 'agent' },
  '1002': { id: '1002', name: '刘洋', team: '宽带一组', role: 'agent' },
  '1003': { id: '1003', name: '陈静', team: '移动二组', role: 'agent' },
};

export interface TicketWorkstation {
  db: Db;
  api: ApiClient;
  sync: SyncService;
  ctx: tickets.TicketContext;
  close(): Promise<void>;
}

/**
 * One agent's workstation as far as tickets go, without a UI: a real profile store, a real API
 * client signed in to the central API, the real sync engine with the tickets feature connected the
 * way the workstation connects it. Sync runs only when the test calls `sync.syncNow()`.
 */
export async function openTicketWorkstation(dir: string, serverUrl: string, agentId: string): Promise<TicketWorkstation> {
  const db = openStore(path.join(dir, `agent-${agentId}.db`));
  const api = new ApiClient({ baseUrl: serverUrl, timeoutMs: 5_000 });
  await api.login(agentId, `hotline${agentId}`);
  const sync = new SyncService({
    db,
    api,
    appliers: { tickets: tickets.applyTicketChange, forms: tickets.applyFormChange, codes: tickets.applyCodeTreeChange },
    log: silentLogger,
    events: false,
    actor: agentId,
  });
  tickets.connectTicketsToSync(sync, db, { locale: () => 'zh-CN', changed: () => {}, transport: api });
  return {
    db,
    api,
    sync,
    ctx: { db, actor: AGENTS[agentId]!, now: () => new Date() },
    async close() {
      await sync.stop();
      db.close();
    },
  };
}

/**
 * For a test file: a real central API (SQLite, seed data) in a fresh folder for each test, and the
 * agents' ticket workstations opened on it (synced once: forms and codes), all closed afterwards.
 */
export function useTicketCentre(prefix: string) {
  const state = {} as { dir: string; server: RunningApiServer };
  const benches: TicketWorkstation[] = [];
  beforeEach(async () => {
    state.dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    state.server = await startApiServer({ db: path.join(state.dir, 'central.db'), rateLimit: false });
  });
  afterEach(async () => {
    for (const bench of benches.splice(0)) await bench.close();
    await state.server.close();
    rmSync(state.dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return state.dir;
    },
    get server() {
      return state.server;
    },
    async open(agentId: string): Promise<TicketWorkstation> {
      const bench = await openTicketWorkstation(state.dir, state.server.url, agentId);
      benches.push(bench);
      await bench.sync.syncNow();
      return bench;
    },
  };
}
