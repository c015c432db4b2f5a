import type { Agent, AgentRole } from '../../src-shared/domain/agent.js';
import type { RevealAuditEntry } from '../../src-shared/privacy/reveal-audit.js';
import type { Change, Collection, Mutation, PushResult } from '../../src-shared/sync/protocol.js';

export interface AgentRecord extends Agent {
  passwordHash: string;
  disabled: boolean;
  /** In every access token; bumping it revokes every token issued before (auth/token-versions.ts). */
  tokenVersion: number;
}

/** An agent as saved: the token version is the storage's to keep. */
export type NewAgentRecord = Omit<AgentRecord, 'tokenVersion'>;

/** What a request's token is checked against (auth/token-versions.ts). */
export interface TokenState {
  tokenVersion: number;
  disabled: boolean;
}

/** A refresh token as the server keeps it: by hash only. */
export interface StoredRefreshToken {
  tokenHash: string;
  /** Every token rotated from one sign-in shares it; a reuse revokes them all. */
  family: string;
  agentId: string;
  /** The agent's token version when issued; a bump since makes it worthless. */
  tokenVersion: number;
  issuedAt: Date;
  expiresAt: Date;
}

/** What presenting a refresh token did: used it (first time), found it used before (a copy), or nothing valid. */
export type RefreshUse =
  | { status: 'fresh'; family: string; agentId: string; tokenVersion: number }
  | { status: 'reused'; family: string; agentId: string }
  | { status: 'invalid' };

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
 * When each field last changed and which client changed it. Field-level conflict detection needs
 * it: a field is in conflict only if *another* client changed it after the agent's base rev.
 * Documents written without it (publishing, seeds) count every field as changed at their rev.
 */
export type FieldMeta = Record<string, { rev: number; by: string }>;

/** The full server-side state of one document, as push decisions need it. */
export interface StoredDocument {
  collection: Collection;
  id: string;
  rev: number;
  deleted: boolean;
  data: Record<string, unknown> | null;
  fieldMeta: FieldMeta;
  team: string | null;
  owner: string | null;
}

/** Who pushes: the signed-in agent and the workstation profile (clientId) it pushes from. */
export interface PushContext {
  clientId: string;
  agentId: string;
  team: string;
}

/** The pusher as the rules see them: from the token (role, team) and the agent record (name), never from the body. */
export interface Pusher extends PushContext {
  role: AgentRole;
  name: string;
}

/**
 * A row of the centre's reveal audit (`reveal_audit`, written from the `revealed` ticket events a
 * push appends). Append-only in the database itself: triggers refuse UPDATE and DELETE, so
 * neither a client nor the API code can rewrite it.
 */
export type RevealRecord = RevealAuditEntry;

/** Which reveals a reader asks for: newest first. */
export interface RevealQuery {
  team?: string;
  agentId?: string;
  /** Recorded at or after (ISO time). */
  since?: string;
  limit: number;
}

/** What a push does to one document; decided by pure code shared by every storage. */
export type Decision =
  | { status: 'applied'; rev: number; write?: Omit<StoredDocument, 'collection' | 'id'>; reveals?: RevealRecord[] }
  | { status: 'conflict' | 'rejected'; result: PushResult };

export type MutationDecider = (current: StoredDocument | undefined, mutation: Mutation) => Decision;

/** The bytes of a ticket attachment, stored once by content hash. `team` is the uploader's: who may download it. */
export interface StoredAttachment {
  sha256: string;
  mime: string;
  data: Buffer;
  team: string;
  uploadedBy: string;
}

/** Who may see a committed change, so the API pokes only the event streams that care. */
export interface ChangeAudience {
  everyone: boolean;
  teams: string[];
  owners: string[];
}

/**
 * Everything the central API keeps. Two implementations (SQLite embedded, PostgreSQL scale-out)
 * pass the same test suite (tests/integration/sync/storage-contract.test.ts). Pull cursors never
 * skip a change, even under concurrent writers: every writing transaction takes the database's
 * one write lock before it numbers its changes, so change-log order is commit order.
 */
export interface ServerStorage {
  /** Identifies this database's history; changes when it is restored from a backup. */
  epoch(): Promise<string>;
  /** A setting kept with the data (e.g. the token secret of an embedded server). */
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;

  findAgent(id: string): Promise<AgentRecord | undefined>;
  /**
   * Saves an agent. A save that disables them, changes their password, or moves them to another
   * team or role bumps their token version: every token issued before stops working, so the
   * agent signs in again and every write after the move carries the new team (tokens carry it).
   */
  saveAgent(agent: NewAgentRecord): Promise<void>;
  listAgents(): Promise<AgentRecord[]>;
  /** Revokes every token the agent holds (logout, a reused refresh token). */
  bumpTokenVersion(agentId: string): Promise<void>;
  /** Token versions of these agents, in one read; unknown ids are absent. */
  tokenStates(agentIds: string[]): Promise<Map<string, TokenState>>;
  /** Keeps a newly issued refresh token (and forgets the agent's expired ones). */
  saveRefreshToken(token: StoredRefreshToken): Promise<void>;
  /** Marks a refresh token used, atomically: of two requests presenting it, one gets `fresh`, the other `reused`. */
  useRefreshToken(tokenHash: string, now: Date): Promise<RefreshUse>;
  revokeRefreshFamily(family: string, now: Date): Promise<void>;
  /** Revokes the family of one refresh token (logout); undefined when the token is unknown. */
  revokeRefreshFamilyOf(tokenHash: string, now: Date): Promise<{ family: string; agentId: string } | undefined>;

  /** Writes documents in one transaction; each gets the next rev and a new change-log position. */
  putDocuments(writes: DocumentWrite[]): Promise<void>;
  getDocument(collection: Collection, id: string): Promise<Change | undefined>;
  countDocuments(collection: Collection): Promise<number>;
  /** Every live document of a small collection (published forms, code trees), in id order. */
  listDocuments(collection: Collection): Promise<Change[]>;
  pull(viewer: Viewer, cursor: number, limit: number): Promise<PullPage>;

  /**
   * Applies a push in one transaction, in order. A mutationId already recorded answers
   * `duplicate`; an applied mutation's id is recorded in the same transaction as its change, so a
   * retried push never applies twice. `decide` holds the merge rules (src-server/sync/decide.ts).
   */
  applyMutations(context: PushContext, mutations: Mutation[], decide: MutationDecider): Promise<PushResult[]>;
  /** Stores an attachment's bytes once per content hash; true when it was new. */
  putAttachment(attachment: StoredAttachment): Promise<boolean>;
  getAttachment(sha256: string): Promise<StoredAttachment | undefined>;
  /**
   * True when the viewer may pull a live ticket that references these bytes, or uploaded them
   * (before the ticket that carries them is pushed). Access follows the tickets, not the uploader's team.
   */
  attachmentReadableBy(viewer: Viewer, sha256: string): Promise<boolean>;
  /** The reveal audit, newest first (written by applyMutations in the push's own transaction). */
  listReveals(query: RevealQuery): Promise<RevealRecord[]>;
  /** How many distinct mutations were ever applied (diagnostics and tests). */
  countAppliedMutations(): Promise<number>;

  /** Called after a transaction that changed documents commits (in any API process sharing the database). */
  onChange(listener: (audience: ChangeAudience) => void): () => void;
  /** True when the database answers; the readiness endpoint reports it. */
  isReady(): Promise<boolean>;

  close(): Promise<void>;
}

/**
 * The database cannot be reached right now (restarting, failing over, refusing connections). The
 * API answers 503 with Retry-After: the request changed nothing it acknowledged, and the same
 * push retried later is idempotent.
 */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super('中央数据库暂时不可用，请稍后重试。 / The central database is unavailable for the moment; retry shortly.', { cause });
  }
}
