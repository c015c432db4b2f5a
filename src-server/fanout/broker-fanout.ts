import { connect, JSONCodec, type NatsConnection } from 'nats';
import { EventEmitter } from 'node:events';
import { EVERYONE } from '../storage/audience.js';
import type { ChangeAudience, ServerStorage } from '../storage/storage.js';

/** What the event streams and the published-rules cache listen to: commits, with who may care. */
export type ChangeFeed = Pick<ServerStorage, 'onChange'>;

const SUBJECT = 'hotline.changes';
const codec = JSONCodec<ChangeAudience>();

/**
 * Pokes across API processes through NATS core pub/sub (`HOTLINE_BROKER_URL=nats://…`). Each
 * process publishes the audience of what it committed; every process (itself included, through the
 * same subscription) pokes the streams of its own clients that may see it. Why NATS: a poke is a
 * fire-and-forget hint with no data (clients pull by cursor), which is exactly core NATS — no
 * persistence to run, reconnection built in, one small pure-JS client; PostgreSQL LISTEN/NOTIFY
 * would put a notification on every commit's path and serialise commits. A poke lost while the
 * broker is away costs latency, not data (the sync timer); after a reconnect everyone is poked once.
 */
export class BrokerFanout implements ChangeFeed {
  private readonly changes = new EventEmitter<{ change: [ChangeAudience] }>();
  private readonly stopPublishing: () => void;

  private constructor(
    private readonly nats: NatsConnection,
    storage: ChangeFeed,
    log: { warn(object: object, message: string): void },
  ) {
    this.stopPublishing = storage.onChange((audience) => {
      try {
        this.nats.publish(SUBJECT, codec.encode(audience));
      } catch (error) {
        // Closed or draining: local clients still hear it; the others catch up on their sync timer.
        log.warn({ err: error }, 'broker publish failed');
        this.changes.emit('change', audience);
      }
    });
    const subscription = this.nats.subscribe(SUBJECT);
    void (async () => {
      for await (const message of subscription) {
        let audience: ChangeAudience;
        try {
          audience = codec.decode(message.data);
        } catch {
          audience = EVERYONE; // unreadable: poke everyone rather than no one
        }
        this.changes.emit('change', audience);
      }
    })();
    void (async () => {
      for await (const status of this.nats.status()) {
        if (status.type === 'reconnect') this.changes.emit('change', EVERYONE); // a poke may have been missed meanwhile
        if (status.type === 'disconnect') log.warn({ broker: status.data }, 'broker connection lost; reconnecting');
      }
    })();
  }

  static async connect(url: string, storage: ChangeFeed, log: { warn(object: object, message: string): void }): Promise<BrokerFanout> {
    const nats = await connect({
      servers: url,
      name: 'hotline-central-api',
      maxReconnectAttempts: -1, // an API process never gives up on its broker
      reconnectTimeWait: 250,
      waitOnFirstConnect: true,
    });
    return new BrokerFanout(nats, storage, log);
  }

  onChange(listener: (audience: ChangeAudience) => void): () => void {
    this.changes.on('change', listener);
    return () => this.changes.off('change', listener);
  }

  async close(): Promise<void> {
    this.stopPublishing();
    await this.nats.drain().catch(() => {});
  }
}
