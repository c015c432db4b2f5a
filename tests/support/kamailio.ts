import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freeTcpPort, freeUdpPort, waitForTcp } from './net.js';
import { REPO_ROOT } from './processes.js';

const MODULE_DIRS = ['/usr/lib/x86_64-linux-gnu/kamailio/modules', '/usr/lib/aarch64-linux-gnu/kamailio/modules', '/usr/lib/kamailio/modules'];

export interface KamailioOptions {
  /** Provisioning secret shared with the central API: a user's SIP password derives from it. */
  secret?: string;
  /** Control port of a running rtpengine; enables the plain-RTP ⇄ WebRTC bridge in the config. */
  rtpenginePort?: number;
}

export interface Kamailio {
  /** `ws://127.0.0.1:<port>` for sip.js clients. */
  wsUrl: string;
  wsPort: number;
  /** UDP port for SIPp. */
  sipPort: number;
  domain: string;
  secret: string;
  /** The SIP password the test registrar accepts for a user (same rule as the central API). */
  passwordFor(user: string): string;
  /** Kills it hard (like a crash), leaving the ports to be reused by `start()`. */
  kill(): Promise<void>;
  /** Starts it again on the same ports (registrations are gone: memory only). */
  start(): Promise<void>;
  stop(): Promise<void>;
  output(): string;
}

/** The rule shared with the central API's provisioning (src-server/softphone/sip-provisioning.ts). */
export const derivedSipPassword = (secret: string, user: string) => createHash('md5').update(`${secret}:${user}`).digest('hex').slice(0, 16);

/** Starts a real Kamailio on loopback with tests/sip/kamailio.cfg, on free ports. */
export async function startKamailio(options: KamailioOptions = {}): Promise<Kamailio> {
  const mpath = MODULE_DIRS.find((dir) => existsSync(path.join(dir, 'websocket.so')));
  if (!mpath) throw new Error('Kamailio websocket module not found: apt-get install -y kamailio kamailio-websocket-modules');
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'hotline-kamailio-'));
  const secret = options.secret ?? 'test-provisioning-secret';
  const sipPort = await freeUdpPort();
  const wsPort = await freeTcpPort();
  const config = readFileSync(path.join(REPO_ROOT, 'tests/sip/kamailio.cfg'), 'utf8')
    .replaceAll('{{SIP_PORT}}', String(sipPort))
    .replaceAll('{{WS_PORT}}', String(wsPort))
    .replaceAll('{{MPATH}}', mpath)
    .replaceAll('{{SECRET}}', secret)
    .replaceAll('{{LOG_PREFIX}}', `kam ${wsPort} `)
    .replaceAll('{{RTPENGINE_PORT}}', String(options.rtpenginePort ?? 0));
  const configFile = path.join(runDir, 'kamailio.cfg');
  writeFileSync(configFile, config);

  let child: ChildProcess | undefined;
  let log = '';
  const launch = async () => {
    const args = ['-DD', '-E', '-f', configFile, '-Y', runDir, '-m', '64', '-M', '8', '-w', runDir];
    if (options.rtpenginePort) args.push('-A', 'WITH_RTPENGINE');
    // Its own process group: Kamailio forks workers, and a crash test must take them all down.
    const started = spawn('/usr/sbin/kamailio', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child = started;
    started.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    started.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const early = new Promise<never>((_, reject) =>
      started.once('exit', (code) => reject(new Error(`kamailio exited (${code}) during start:\n${log.slice(-4000)}`))),
    );
    await Promise.race([waitForTcp(wsPort, 10_000), early]);
    started.removeAllListeners('exit');
  };
  const halt = async (signal: NodeJS.Signals) => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    try {
      process.kill(-running.pid!, signal);
    } catch {
      running.kill(signal);
    }
    await exited;
    // Workers may outlive the main process by a moment; the group signal reaches them too.
    await new Promise((resolve) => setTimeout(resolve, 100));
  };

  await launch();
  return {
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    wsPort,
    sipPort,
    domain: '127.0.0.1',
    secret,
    passwordFor: (user) => derivedSipPassword(secret, user),
    kill: () => halt('SIGKILL'),
    start: launch,
    async stop() {
      await halt('SIGTERM');
      rmSync(runDir, { recursive: true, force: true });
    },
    output: () => log,
  };
}
