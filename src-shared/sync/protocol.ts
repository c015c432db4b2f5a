import { z } from 'zod';
import { Agent, AgentId } from '../domain/agent.js';

// Sync protocol v1 between a workstation and the central API. Both sides parse with these schemas.
// The prose version, with the reasons behind each rule, is docs/sync-protocol.md.

export const LoginRequest = z.object({ agentId: AgentId, password: z.string().min(1).max(200) });
export const LoginResponse = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().int().positive(),
  agent: Agent,
});
export type LoginResponse = z.infer<typeof LoginResponse>;

export const RefreshRequest = z.object({ refreshToken: z.string().min(1).max(200) });
/** `POST /v1/auth/logout` (bearer token, and the refresh token when the client still has it): every token of the agent stops working. */
export const LogoutRequest = z.object({ refreshToken: z.string().min(1).max(200).optional() });
/** `POST /v1/auth/password`: the signed-in agent changes their own password (the policy: domain/password-policy.ts). */
export const ChangePasswordRequest = z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(400) });

export const Collection = z.enum(['handbook', 'assets', 'scripts', 'forms', 'codes', 'tickets', 'calls', 'agentState', 'config']);
export type Collection = z.infer<typeof Collection>;

export const Change = z.object({
  collection: Collection,
  id: z.string(),
  rev: z.number().int().nonnegative(),
  deleted: z.boolean(),
  data: z.unknown().nullable(),
});
export type Change = z.infer<typeof Change>;

export const PullQuery = z.object({
  cursor: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});
export const PullResponse = z.object({
  changes: z.array(Change),
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  /** Identifies the server database's history; a new value means it was restored and the client must resync. */
  epoch: z.string(),
});
export type PullResponse = z.infer<typeof PullResponse>;

// ---- push ---------------------------------------------------------------------------------

/** Entity ids travel in URLs and logs: printable, no separators that need escaping. */
export const EntityId = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'invalid entity id');

/**
 * create: patch is the whole entity. update: patch holds only the fields the agent changed.
 * delete: patch is ignored. append: patch maps list fields to the items to add at their end
 * (notes, history); appends never conflict.
 */
export const MutationOp = z.enum(['create', 'update', 'delete', 'append']);
export type MutationOp = z.infer<typeof MutationOp>;

/** A JSON object; patches are objects so fields can be compared one by one. */
const JsonObject = z.record(z.string(), z.unknown());

export const Mutation = z.object({
  /** UUIDv7 made on the client: the idempotency key of this write. */
  mutationId: z.uuid(),
  collection: Collection,
  id: EntityId,
  /** The server rev the agent's edit was based on; null when the agent never saw a server copy. */
  baseRev: z.number().int().nonnegative().nullable(),
  op: MutationOp,
  patch: JsonObject,
});
export type Mutation = z.infer<typeof Mutation>;

export const MAX_MUTATIONS_PER_PUSH = 500;
/** One entity's patch, as JSON, may not exceed this (attachments go through assets, not patches). */
export const MAX_PATCH_BYTES = 256 * 1024;

/**
 * Ticket attachments travel outside the document (too big for a patch): `PUT /v1/attachments/<sha256>`
 * with the bytes (application/octet-stream, `x-content-type` for the file's type), before the push
 * that references them; `GET /v1/attachments/<sha256>` for agents of the uploader's team.
 */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
/** The same answer whether or not the server had these bytes already (a hash reveals nothing). */
export const AttachmentUploaded = z.object({ sha256: Sha256Hex, size: z.number().int().nonnegative() });
export type AttachmentUploaded = z.infer<typeof AttachmentUploaded>;

export const PushRequest = z.object({
  /** Stable per workstation profile; the server uses it to tell the agent's own earlier writes from others'. */
  clientId: z.string().regex(/^[A-Za-z0-9._:-]{8,128}$/),
  mutations: z.array(Mutation).min(1).max(MAX_MUTATIONS_PER_PUSH),
});
export type PushRequest = z.infer<typeof PushRequest>;

export const PushStatus = z.enum(['applied', 'duplicate', 'conflict', 'rejected']);
export type PushStatus = z.infer<typeof PushStatus>;

export const PushResult = z.object({
  mutationId: z.string(),
  status: PushStatus,
  /** The entity's server rev after this mutation (applied/duplicate) or now (conflict/rejected). */
  rev: z.number().int().nonnegative().optional(),
  /** The server's current copy for a conflict or a rejection, so the client can show and keep it. */
  serverValue: z.unknown().optional(),
  /** Conflict: the fields both sides changed since baseRev, with different values. */
  conflictFields: z.array(z.string()).optional(),
  /** Rejected: why, as `{code,message}`; `localized` when the reason is written for agents in both UI languages. */
  error: z.object({ code: z.string(), message: z.string(), localized: z.object({ zh: z.string(), en: z.string() }).optional() }).optional(),
});
export type PushResult = z.infer<typeof PushResult>;

export const PushResponse = z.object({ results: z.array(PushResult) });
export type PushResponse = z.infer<typeof PushResponse>;

// ---- server-sent events -------------------------------------------------------------------

/** `GET /v1/sync/events`: `event: poke` when something this agent may see changed; the client then pulls. */
export const PokeEvent = z.object({ epoch: z.string() });
export type PokeEvent = z.infer<typeof PokeEvent>;

// ---- admin publishing ---------------------------------------------------------------------

/** Content an admin publishes for everyone (handbook, scripts, form schemas, codes, assets, config). */
export const PublishableCollection = z.enum(['handbook', 'assets', 'scripts', 'forms', 'codes', 'config']);
export const PublishRequest = z.object({
  documents: z
    .array(z.object({ collection: PublishableCollection, id: EntityId, data: JsonObject.nullable().default(null), deleted: z.boolean().default(false) }))
    .min(1)
    .max(5000),
});
export type PublishRequest = z.infer<typeof PublishRequest>;
export const PublishResponse = z.object({ published: z.number().int().nonnegative() });

export const HealthResponse = z.object({ status: z.literal('ok'), epoch: z.string(), version: z.string() });
export const ReadyResponse = z.object({ status: z.enum(['ready', 'draining']) });

export const ApiError = z.object({ code: z.string(), message: z.string() });
