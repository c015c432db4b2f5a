import { z } from 'zod';
import type { Result } from '../result.js';
import { appChannels, appEvents } from './app.js';
import { handbookChannels } from './handbook.js';
import { scriptChannels } from './scripts.js';
import { sessionChannels } from './session.js';
import { softphoneChannels } from './softphone.js';
import { callChannels } from './calls.js';
import { SyncStatus, syncChannels } from './sync.js';
import { SessionInfo } from './session.js';
import { ticketChannels, ticketEvents } from './tickets.js';
import { TrainingStatus, trainingChannels } from './training.js';

// The one IPC contract between renderer and main. Each feature declares its channels in its own
// file; this union is the whole surface. Main validates every request against it, the preload
// refuses any channel not listed here, and the renderer gets its types from it.

export const channels = {
  ...appChannels,
  ...sessionChannels,
  ...handbookChannels,
  ...syncChannels,
  ...scriptChannels,
  ...trainingChannels,
  ...softphoneChannels,
  ...callChannels,
  ...ticketChannels,
};
export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type RequestOf<C extends ChannelName> = z.input<Channels[C]['request']>;
export type ParsedRequestOf<C extends ChannelName> = z.output<Channels[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<Channels[C]['response']>;

/** Events main pushes to the renderer. */
export const events = {
  ...appEvents,
  'sync.status': SyncStatus,
  'session.changed': SessionInfo.nullable(),
  /** The central API revoked the session's tokens; the renderer asks the agent to sign in again. */
  'session.revoked': z.object({ agentId: z.string() }),
  'handbook.changed': z.object({ ids: z.array(z.string()) }),
  ...ticketEvents,
  'scripts.changed': z.object({ ids: z.array(z.string()) }),
  'training.changed': TrainingStatus,
};
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const channelNames = Object.keys(channels) as ChannelName[];
export const eventNames = Object.keys(events) as EventName[];

export const isChannelName = (name: unknown): name is ChannelName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);

/** What `window.workstation` offers, in Electron (preload) and in the browser (web bridge) alike. */
export interface WorkstationApi {
  invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
