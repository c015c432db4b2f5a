import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Agent } from '../../../src-shared/domain/agent.js';
import { openStore, type Db } from '../../../src-main/services/store/open-store.js';
import type { TicketContext } from '../../../src-main/services/tickets/index.js';
import { applySeedTicketConfig, COMPLAINT_VALUES } from '../../support/ticket-documents.js';

export const agent1001: Agent = { id: '1001', name: '张敏', team: '宽带一组', role: 'agent' };
export const lead2001: Agent = { id: '2001', name: '李强', team: '宽带一组', role: 'teamlead' };

/** A real agent store on disk with the seed forms and codes applied as a pull would apply them. */
export function openTicketStore(): { db: Db; dir: string; close(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-tickets-'));
  const db = openStore(path.join(dir, 'agent-1001.db'));
  applySeedTicketConfig(db);
  return {
    db,
    dir,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A clock the test moves by hand. */
export function manualClock(start: string) {
  let now = Date.parse(start);
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

export const contextOf = (db: Db, actor: Agent, clock: { now: () => Date }): TicketContext => ({ db, actor, now: clock.now });

export const complaintValues = COMPLAINT_VALUES;
