import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DtmfMode, IceServer, NotReadyReason, type SipProvisioning } from '../../src-shared/domain/softphone.js';
import { DEFAULT_DIAL_POLICY, DialPolicy } from '../../src-shared/softphone/dial-string.js';
import type { AgentRecord } from '../storage/storage.js';

/**
 * How the centre provisions SIP accounts: one WebSocket URL and domain for everyone, the user is
 * the 工号, and the password is derived from a secret shared with the SIP proxy
 * (md5("<secret>:<user>"), first 16 hex digits), so the proxy checks digest auth without a user
 * database. A centre with a PBX user database replaces `passwordFor` with a lookup.
 */
export const SoftphoneServerConfig = z.object({
  /** Absent: the centre has no SIP proxy configured; agents get their states and reasons, no line. */
  wsUrl: z.string().regex(/^wss?:\/\//).optional(),
  domain: z.string().min(1),
  secret: z.string().min(8),
  autoAnswer: z.boolean().default(false),
  iceServers: z.array(IceServer).default([]),
  dtmfMode: DtmfMode.default('rfc4733'),
  afterCallWorkSeconds: z.number().int().min(0).max(600).default(30),
  notReadyReasons: z.array(NotReadyReason).min(1),
  dialPolicy: DialPolicy.default(DEFAULT_DIAL_POLICY),
});
export type SoftphoneServerConfig = z.infer<typeof SoftphoneServerConfig>;

export const sipPasswordFor = (secret: string, user: string) => createHash('md5').update(`${secret}:${user}`).digest('hex').slice(0, 16);

/** What the central API's configuration may change of the centre's softphone.json (src-server/config.ts). */
export interface SoftphoneOverrides {
  /** A softphone.json to read instead of the one in the seeds (HOTLINE_SOFTPHONE_CONFIG). */
  configFile?: string;
  wsUrl?: string;
  domain?: string;
  secret?: string;
  afterCallWorkSeconds?: number;
}

/** Reads `seeds/softphone.json` (or `overrides.configFile`), then points it at a particular proxy. */
export function loadSoftphoneConfig(seedsDir: string, fallbackFile: string, overrides: SoftphoneOverrides = {}): SoftphoneServerConfig {
  const inSeeds = path.join(seedsDir, 'softphone.json');
  const file = overrides.configFile ?? (existsSync(inSeeds) ? inSeeds : fallbackFile);
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (overrides.wsUrl) raw.wsUrl = overrides.wsUrl;
  if (overrides.domain) raw.domain = overrides.domain;
  if (overrides.secret) raw.secret = overrides.secret;
  if (overrides.afterCallWorkSeconds !== undefined) raw.afterCallWorkSeconds = overrides.afterCallWorkSeconds;
  return SoftphoneServerConfig.parse(raw);
}

export function provisionFor(agent: Pick<AgentRecord, 'id' | 'name'>, config: SoftphoneServerConfig): SipProvisioning {
  const softphoneConfig = { notReadyReasons: config.notReadyReasons, afterCallWorkSeconds: config.afterCallWorkSeconds, dialPolicy: config.dialPolicy };
  if (!config.wsUrl) return { account: null, password: null, config: softphoneConfig };
  return {
    account: {
      wsUrl: config.wsUrl,
      user: agent.id,
      domain: config.domain,
      displayName: agent.name,
      autoAnswer: config.autoAnswer,
      iceServers: config.iceServers,
      dtmfMode: config.dtmfMode,
    },
    password: sipPasswordFor(config.secret, agent.id),
    config: softphoneConfig,
  };
}
