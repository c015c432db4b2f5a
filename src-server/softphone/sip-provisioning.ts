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
  wsUrl: z.string().regex(/^wss?:\/\//),
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

/**
 * Reads `seeds/softphone.json` (or HOTLINE_SOFTPHONE_CONFIG), then lets the environment point it at
 * a particular proxy: HOTLINE_SIP_WS_URL, HOTLINE_SIP_DOMAIN, HOTLINE_SIP_SECRET, HOTLINE_ACW_SECONDS.
 */
export function loadSoftphoneConfig(seedsDir: string, fallbackFile: string, env: NodeJS.ProcessEnv = process.env): SoftphoneServerConfig {
  const inSeeds = path.join(seedsDir, 'softphone.json');
  const file = env.HOTLINE_SOFTPHONE_CONFIG ?? (existsSync(inSeeds) ? inSeeds : fallbackFile);
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (env.HOTLINE_SIP_WS_URL) raw.wsUrl = env.HOTLINE_SIP_WS_URL;
  if (env.HOTLINE_SIP_DOMAIN) raw.domain = env.HOTLINE_SIP_DOMAIN;
  if (env.HOTLINE_SIP_SECRET) raw.secret = env.HOTLINE_SIP_SECRET;
  if (env.HOTLINE_ACW_SECONDS) raw.afterCallWorkSeconds = Number(env.HOTLINE_ACW_SECONDS);
  return SoftphoneServerConfig.parse(raw);
}

export function provisionFor(agent: Pick<AgentRecord, 'id' | 'name'>, config: SoftphoneServerConfig): SipProvisioning {
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
    config: { notReadyReasons: config.notReadyReasons, afterCallWorkSeconds: config.afterCallWorkSeconds, dialPolicy: config.dialPolicy },
  };
}
