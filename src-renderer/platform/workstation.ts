import type { ChannelName, EventName, EventPayload, RequestOf, ResponseOf, WorkstationApi } from '../../src-shared/ipc/contract.js';
import type { Result } from '../../src-shared/result.js';

declare global {
  interface Window {
    workstation: WorkstationApi;
  }
}

/** Calls main through the contract. Errors come back as values, never as exceptions. */
export function invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
  return window.workstation.invoke(channel, request);
}

export function subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return window.workstation.on(event, listener);
}
