import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy between a workstation and the central API that misbehaves on purpose, per HTTP
 * request (a client chunk that starts a request line):
 * - cut: forwards part of the request (or none), then drops both connections;
 * - dropResponse: forwards the request, lets the server commit, then drops the connection
 *   instead of passing the answer on — the case idempotent push exists for;
 * - blackhole: swallows the request; the client runs into its timeout;
 * - error500: answers 500 itself without asking the server;
 * - delay: holds the request and the answer back for a while, so answers on parallel
 *   connections (pull, push, the event stream) arrive in a different order than sent.
 */
export interface FaultRates {
  cut: number;
  dropResponse: number;
  blackhole: number;
  error500: number;
  delay: number;
}

export const NO_FAULTS: FaultRates = { cut: 0, dropResponse: 0, blackhole: 0, error500: 0, delay: 0 };

type Fault = keyof FaultRates | 'pass';
const REQUEST_LINE = /^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) /;

export class FaultyProxy {
  readonly counts: Record<Fault, number> = { pass: 0, cut: 0, dropResponse: 0, blackhole: 0, error500: 0, delay: 0 };
  rates: FaultRates = NO_FAULTS;
  /** The port workstations connect to (after listen()). */
  port = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(private targetPort: number) {}

  async listen(): Promise<number> {
    this.server = createServer((client) => this.handle(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  /** Points the proxy at a restarted server; open connections are dropped like a network change would. */
  retarget(port: number): void {
    this.targetPort = port;
    this.dropAll();
  }

  dropAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private pick(): Fault {
    let roll = Math.random();
    for (const fault of Object.keys(this.rates) as (keyof FaultRates)[]) {
      roll -= this.rates[fault];
      if (roll < 0) return fault;
    }
    return 'pass';
  }

  private handle(client: Socket): void {
    const upstream = connect(this.targetPort, '127.0.0.1');
    this.track(client);
    this.track(upstream);
    const destroyBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', destroyBoth);
    upstream.on('error', destroyBoth);
    client.on('close', destroyBoth);
    upstream.on('close', destroyBoth);

    let current: Fault = 'pass';
    let dropNextResponse = false;
    let delayMs = 0;
    // Chunks in each direction stay in order even when some are held back.
    let toServer = Promise.resolve();
    let toClient = Promise.resolve();
    const later = (chain: Promise<void>, ms: number, send: () => void) => chain.then(() => new Promise<void>((resolve) => setTimeout(() => (send(), resolve()), ms)));

    client.on('data', (chunk: Buffer) => {
      if (REQUEST_LINE.test(chunk.subarray(0, 8).toString('latin1'))) {
        current = this.pick();
        this.counts[current]++;
        delayMs = current === 'delay' ? 50 + Math.random() * 600 : 0;
      }
      switch (current) {
        case 'cut':
          if (Math.random() < 0.5) upstream.write(chunk.subarray(0, Math.floor(Math.random() * chunk.length)));
          setTimeout(destroyBoth, 5);
          return;
        case 'blackhole':
          setTimeout(destroyBoth, 30_000).unref();
          return;
        case 'error500': {
          const body = JSON.stringify({ code: 'INTERNAL', message: 'injected by the fault proxy' });
          client.end(`HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
          upstream.destroy();
          return;
        }
        case 'dropResponse':
          dropNextResponse = true;
          upstream.write(chunk);
          return;
        default:
          toServer = later(toServer, delayMs, () => upstream.write(chunk));
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (dropNextResponse) {
        // The server has answered, so whatever it did is committed; the client never learns of it.
        destroyBoth();
        return;
      }
      toClient = later(toClient, delayMs, () => client.write(chunk));
    });
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }
}
