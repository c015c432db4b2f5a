import type { ApiClient } from '../api/api-client.js';
import { backoffDelay } from './backoff.js';

export interface EventStreamOptions {
  api: ApiClient;
  ensureSignedIn?: () => Promise<void>;
  /** The stream (re)connected: the server is reachable again. */
  onOpen(epoch: string | undefined): void;
  /** Something this agent may see changed. */
  onPoke(epoch: string | undefined): void;
  onClose(): void;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
}

/**
 * Keeps `GET /v1/sync/events` open and reconnects with capped, jittered backoff. It carries only
 * pokes, so a broken stream costs latency, not data: the sync timer still runs.
 *
 * It is also how the engine notices the server is back: its reconnect is one cheap GET the
 * server answers from memory (refused at once while the server is down), so it is capped at
 * 5 s rather than the 60 s of the push/pull backoff, and a successful reconnect resets that backoff.
 */
export class EventStream {
  private controller: AbortController | undefined;
  private stopped = true;
  private failures = 0;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly options: EventStreamOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.controller?.abort();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const controller = new AbortController();
    this.controller = controller;
    let opened = false;
    try {
      await this.options.ensureSignedIn?.();
      const response = await this.options.api.openEvents(controller.signal);
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = parseEvent(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (event.name === 'hello') {
            opened = true;
            this.failures = 0;
            this.options.onOpen(event.epoch);
          } else if (event.name === 'poke') this.options.onPoke(event.epoch);
        }
      }
    } catch {
      // unreachable, refused or aborted: handled below like a normal end of stream
    }
    if (opened) this.options.onClose();
    // A stop() and start() in quick succession (training) already began a newer loop: this aborted
    // one must not reconnect too, or it would overwrite the newer controller and leak a stream.
    if (this.stopped || this.controller !== controller) return;
    this.failures = opened ? 1 : this.failures + 1;
    this.retry = setTimeout(() => void this.connect(), backoffDelay(this.failures, this.options.baseDelayMs ?? 1_000, this.options.maxDelayMs ?? 5_000, this.options.random));
    this.retry.unref();
  }
}

function parseEvent(block: string): { name: string | undefined; epoch: string | undefined } {
  let name: string | undefined;
  let data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) name = line.slice(6).trim();
    else if (line.startsWith('data:')) data += line.slice(5).trim();
  }
  let epoch: string | undefined;
  try {
    const parsed = JSON.parse(data) as { epoch?: unknown };
    if (typeof parsed.epoch === 'string') epoch = parsed.epoch;
  } catch {
    // a poke without a readable body is still a poke
  }
  return { name, epoch };
}
