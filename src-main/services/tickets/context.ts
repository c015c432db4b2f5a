import type { Agent } from '../../../src-shared/domain/agent.js';
import type { Db } from '../store/open-store.js';

/** What every ticket operation needs: the agent's store, who acts, and the clock (injected for tests). */
export interface TicketContext {
  db: Db;
  actor: Agent;
  now: () => Date;
}
