import {
  channels,
  isChannelName,
  type ChannelName,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../src-shared/ipc/contract.js';
import { AppFailure, fail, ok, type Result } from '../../src-shared/result.js';
import { describeIssues } from '../../src-shared/validation.js';
import type { Logger } from '../services/log.js';

/** Who is calling: the host names the window (Electron webContents, a browser-mode socket). */
export interface IpcCaller {
  window: string;
}

export type Handler<C extends ChannelName> = (request: ParsedRequestOf<C>, caller: IpcCaller) => Promise<ResponseOf<C>> | ResponseOf<C>;
export type Handlers = { [C in ChannelName]: Handler<C> };

export type Dispatch = (channel: unknown, payload: unknown, caller?: IpcCaller) => Promise<Result<unknown>>;

const UNNAMED_CALLER: IpcCaller = { window: 'main' };

/**
 * The single entry point for IPC from any host (Electron ipcMain, the web host's WebSocket).
 * Unknown channels are refused and requests are parsed before a handler sees them, so a handler
 * never runs on bad input and bad input changes nothing.
 */
export function createDispatcher(handlers: Handlers, log: Logger): Dispatch {
  return async (channel, payload, caller = UNNAMED_CALLER) => {
    if (!isChannelName(channel)) {
      return fail('UNKNOWN_CHANNEL', `Unknown IPC channel: ${String(channel).slice(0, 80)}`);
    }
    const parsed = channels[channel].request.safeParse(payload ?? {});
    if (!parsed.success) {
      return fail('VALIDATION', `Invalid request for ${channel}`, describeIssues(parsed.error));
    }
    try {
      const handler = handlers[channel] as (request: unknown, caller: IpcCaller) => unknown;
      return ok(await handler(parsed.data, caller));
    } catch (error) {
      if (error instanceof AppFailure) return fail(error.code, error.message, error.issues);
      log.error({ channel, err: error }, 'IPC handler failed');
      return fail('INTERNAL', error instanceof Error ? error.message : String(error));
    }
  };
}
