import type { Agent } from '../../src-shared/domain/agent.js';
import type { Change, Collection } from '../../src-shared/sync/protocol.js';

export interface AgentRecord extends Agent {
  passwordHash: string;
  disabled: boolean;
}

/** A document written to the change log. `team`/`owner` limit who may pull it (null: everyone). */
export interface DocumentWrite {
  collection: Collection;
  id: string;
  data: unknown;
  deleted?: boolean;
  team?: string | null;
  owner?: string | null;
}

export interface Viewer {
  agentId: string;
  team: string;
}

export interface PullPage {
  changes: Change[];
  cursor: number;
  hasMore: boolean;
}

/**
 * Everything the central API keeps. Two implementations (SQLite embedded, PostgreSQL scale-out)
 * must pass the same test suite. Pull cursors must never skip a change, even under concurrent writers.
 */
export interface ServerStorage {
  /** Identifies this database's history; changes when it is restored from a backup. */
  epoch(): Promise<string>;
  /** A setting kept with the data (e.g. the token secret of an embedded server). */
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;

  findAgent(id: string): Promise<AgentRecord | undefined>;
  saveAgent(agent: AgentRecord): Promise<void>;
  listAgents(): Promise<AgentRecord[]>;

  /** Writes documents in one transaction; each gets the next rev and a new change-log position. */
  putDocuments(writes: DocumentWrite[]): Promise<void>;
  getDocument(collection: Collection, id: string): Promise<Change | undefined>;
  countDocuments(collection: Collection): Promise<number>;
  pull(viewer: Viewer, cursor: number, limit: number): Promise<PullPage>;

  close(): Promise<void>;
}
