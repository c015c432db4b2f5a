import { existsSync } from 'node:fs';
import { freePort } from './postgres.js';
import { startProcess, type StartedProcess } from './processes.js';

export const NATS_SERVER = '/usr/sbin/nats-server';
export const natsAvailable = () => existsSync(NATS_SERVER);

export interface ThrowawayNats {
  url: string;
  port: number;
  /** Stops the broker (SIGKILL: it vanishes, as on a crash). */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A real NATS server (Debian's nats-server) on a free loopback port, for one test file. */
export async function startNats(): Promise<ThrowawayNats> {
  const port = await freePort();
  // nats-server logs to stderr; the shell hands that to stdout, where readiness is read, and execs so a signal reaches the server itself.
  const launch = () => startProcess('/bin/sh', ['-c', `exec ${NATS_SERVER} -a 127.0.0.1 -p ${port} 2>&1`], { ready: /Server is ready/ });
  let running: StartedProcess | undefined = await launch();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    async kill() {
      await running?.stop('SIGKILL');
      running = undefined;
    },
    async restart() {
      running ??= await launch();
    },
    async stop() {
      await running?.stop();
      running = undefined;
    },
  };
}
