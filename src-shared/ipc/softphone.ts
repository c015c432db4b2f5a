import { z } from 'zod';
import { AgentStateReport, SipAccount, SoftphoneConfig } from '../domain/softphone.js';
import { channel } from './define.js';

export const SoftphoneAccountView = z.object({
  /** The effective account: provisioned by the centre, with the agent's local override on top. */
  account: SipAccount.nullable(),
  hasPassword: z.boolean(),
  config: SoftphoneConfig,
  source: z.enum(['server', 'cache', 'override', 'none']),
});
export type SoftphoneAccountView = z.infer<typeof SoftphoneAccountView>;

export const AccountOverride = SipAccount.partial().extend({ password: z.string().min(1).max(200).optional() }).strict();

export const softphoneChannels = {
  /** Asks the centre for the agent's SIP account (falls back to the last one cached locally). */
  'softphone.account': channel(z.object({ refresh: z.boolean().default(true) }).strict(), SoftphoneAccountView),
  /** The SIP password, handed to the renderer only at the moment it registers; never stored there. */
  'softphone.credential': channel(z.object({}).strict(), z.object({ password: z.string() })),
  'softphone.setOverride': channel(z.object({ override: AccountOverride.nullable() }).strict(), SoftphoneAccountView),
  /** Records an agent state change locally and reports it to the centre (queued while offline). */
  'softphone.reportState': channel(AgentStateReport.strict(), z.object({ delivered: z.boolean() })),
};
