import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { freeUdpPort } from './net.js';

export interface RtpEngine {
  /** ng control port (Kamailio's rtpengine module talks to it). */
  controlPort: number;
  /** RFC 4733 digits rtpengine decoded from the media it relays, in arrival order ('0'–'9', '*', '#', 'A'–'D'). */
  dtmfDigits(): string[];
  stop(): Promise<void>;
  output(): string;
}

/** Asks rtpengine's ng interface for a pong (bencoded `ping`). */
function ping(port: number, timeoutMs = 300): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      resolve(false);
    }, timeoutMs);
    socket.on('message', (message) => {
      clearTimeout(timer);
      socket.close();
      resolve(message.toString().includes('pong'));
    });
    socket.send('probe d7:command4:pinge', port, '127.0.0.1');
  });
}

/**
 * A real rtpengine (Debian `rtpengine-daemon`) in userspace (`--table=-1`, no kernel module), on
 * loopback: it bridges plain RTP (SIPp, a carrier) and WebRTC (ICE + DTLS-SRTP) for the agent.
 */
const DTMF_EVENTS = '0123456789*#ABCD';

export async function startRtpEngine(): Promise<RtpEngine> {
  const controlPort = await freeUdpPort();
  // rtpengine reports every telephone-event it relays as JSON over UDP: the far end's view of the
  // digits, decoded from the RTP itself rather than from what the workstation thinks it sent.
  const dtmfLog = createSocket('udp4');
  const digits: string[] = [];
  dtmfLog.on('message', (message) => {
    const event = (JSON.parse(message.toString()) as { event?: number }).event;
    if (typeof event === 'number') digits.push(DTMF_EVENTS[event] ?? `?${event}`);
  });
  await new Promise<void>((resolve) => dtmfLog.bind(0, '127.0.0.1', resolve));
  // An even media range unlikely to collide with another test's (each call uses a few ports).
  const portMin = 20_000 + 2 * Math.floor(Math.random() * 10_000);
  const child: ChildProcess = spawn(
    '/usr/bin/rtpengine',
    [
      '--config-file=none',
      '--interface=127.0.0.1',
      `--listen-ng=127.0.0.1:${controlPort}`,
      '--foreground',
      '--log-stderr',
      '--table=-1',
      `--port-min=${portMin}`,
      `--port-max=${portMin + 200}`,
      '--log-level=5',
      `--dtmf-log-dest=127.0.0.1:${dtmfLog.address().port}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const deadline = Date.now() + 10_000;
  while (!(await ping(controlPort))) {
    if (child.exitCode !== null) throw new Error(`rtpengine exited (${child.exitCode}):\n${log}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`rtpengine did not answer a ping:\n${log}`);
    }
  }
  return {
    controlPort,
    output: () => log,
    dtmfDigits: () => [...digits],
    async stop() {
      dtmfLog.close();
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
