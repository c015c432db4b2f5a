import { z } from 'zod';
import { DEFAULT_DIAL_POLICY, DialPolicy } from '../softphone/dial-string.js';
import { AGENT_STATUSES } from '../softphone/agent-state.js';

/** One ICE server as RTCPeerConnection takes it. */
export const IceServer = z.object({
  urls: z.union([z.string().min(1).max(300), z.array(z.string().min(1).max(300)).min(1).max(8)]),
  username: z.string().max(200).optional(),
  credential: z.string().max(200).optional(),
});

export const DtmfMode = z.enum(['rfc4733', 'info']);
export type DtmfMode = z.infer<typeof DtmfMode>;

/** An agent's SIP account, without its password (main keeps that and hands it out only to register). */
export const SipAccount = z.object({
  wsUrl: z.string().regex(/^wss?:\/\/[^\s]+$/, 'SIP 服务器地址须以 ws:// 或 wss:// 开头'),
  user: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_.+-]+$/),
  domain: z.string().trim().min(1).max(253),
  displayName: z.string().max(64).default(''),
  autoAnswer: z.boolean().default(false),
  iceServers: z.array(IceServer).max(8).default([]),
  dtmfMode: DtmfMode.default('rfc4733'),
});
export type SipAccount = z.infer<typeof SipAccount>;

/** A reason an agent may give for not ready (小休, 培训, 会议 …), set by the centre. */
export const NotReadyReason = z.object({ code: z.string().min(1).max(32), zh: z.string().min(1).max(32), en: z.string().min(1).max(48) });
export type NotReadyReason = z.infer<typeof NotReadyReason>;

export const SoftphoneConfig = z.object({
  notReadyReasons: z.array(NotReadyReason).min(1).max(20),
  afterCallWorkSeconds: z.number().int().min(0).max(600),
  /** What tel:/sip: links from outside the app may dial (feature codes, international numbers). */
  dialPolicy: DialPolicy.default(DEFAULT_DIAL_POLICY),
});
export type SoftphoneConfig = z.infer<typeof SoftphoneConfig>;

/** `GET /v1/agents/me/sip`: what the centre provisions for the signed-in agent. */
export const SipProvisioning = z.object({
  /** Null when the centre runs no SIP service (yet): the agent still gets its states and reasons. */
  account: SipAccount.nullable(),
  password: z.string().min(1).max(200).nullable(),
  config: SoftphoneConfig,
});
export type SipProvisioning = z.infer<typeof SipProvisioning>;

export const AgentStatus = z.enum(AGENT_STATUSES);

/** `PUT /v1/agents/me/state` and the `agentState` outbox entries. */
export const AgentStateReport = z.object({
  status: AgentStatus,
  reason: z.string().max(32).optional(),
  /** ISO time the state began on the agent's machine; the server keeps only the newest report. */
  at: z.iso.datetime(),
});
export type AgentStateReport = z.infer<typeof AgentStateReport>;
