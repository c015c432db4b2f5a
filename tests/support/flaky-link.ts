import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { freeTcpPort } from './net.js';

export interface FlakyLink {
  /** `ws://127.0.0.1:<port>`: give this to the client instead of the real server's address. */
  wsUrl: string;
  /** Drops every byte both ways while keeping the sockets open: a dead home router, not a reset. */
  blackhole(): void;
  /** Closes all connections and refuses new ones. */
  cut(): Promise<void>;
  /** Back to normal. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A TCP relay between one client and a server on loopback, standing in for an agent's home
 * network: it can go silent (connections stay open, nothing passes) or be cut, then recover.
 */
export async function startFlakyLink(targetPort: number): Promise<FlakyLink> {
  const port = await freeTcpPort();
  const pairs = new Set<[Socket, Socket]>();
  let silent = false;
  let server: Server | undefined;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const created = createServer((client) => {
        const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
        const pair: [Socket, Socket] = [client, upstream];
        pairs.add(pair);
        const forget = () => {
          pairs.delete(pair);
          client.destroy();
          upstream.destroy();
        };
        client.on('data', (chunk) => silent || upstream.write(chunk));
        upstream.on('data', (chunk) => silent || client.write(chunk));
        client.on('close', forget);
        upstream.on('close', forget);
        client.on('error', forget);
        upstream.on('error', forget);
      });
      created.once('error', reject);
      created.listen(port, '127.0.0.1', () => {
        server = created;
        resolve();
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      const running = server;
      server = undefined;
      if (!running) return resolve();
      running.close(() => resolve());
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
    });

  await listen();
  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    blackhole() {
      silent = true;
    },
    async cut() {
      silent = false;
      await stopListening();
    },
    async restore() {
      // Connections that lived through a blackhole are half-dead: a real router loses them too.
      if (silent) {
        silent = false;
        for (const [client, upstream] of pairs) {
          client.destroy();
          upstream.destroy();
        }
      }
      if (!server) await listen();
    },
    close: stopListening,
  };
}
