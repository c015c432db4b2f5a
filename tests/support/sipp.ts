import { spawn } from 'node:child_process';
import path from 'node:path';
import { freeUdpPort } from './net.js';
import { REPO_ROOT } from './processes.js';

export interface SippRun {
  /** Resolves when SIPp exits: code 0 means every call in the scenario succeeded. */
  finished: Promise<{ code: number | null; output: string }>;
  stop(): Promise<void>;
}

/** Runs one SIPp call (Debian `sip-tester`) with a scenario from tests/sip/ against a UDP proxy. */
export async function runSipp(options: { scenario: string; proxyPort: number; service: string }): Promise<SippRun> {
  const localPort = await freeUdpPort();
  const mediaPort = 2 * Math.floor((await freeUdpPort()) / 2);
  const child = spawn(
    '/usr/bin/sipp',
    [
      '-sf', path.join(REPO_ROOT, 'tests/sip', options.scenario),
      '-i', '127.0.0.1',
      '-p', String(localPort),
      '-mi', '127.0.0.1',
      '-mp', String(mediaPort),
      '-s', options.service,
      '-m', '1',
      '-nostdin',
      '-timeout', '90s',
      `127.0.0.1:${options.proxyPort}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: path.join(REPO_ROOT, 'tests/sip') },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const finished = new Promise<{ code: number | null; output: string }>((resolve) => child.once('exit', (code) => resolve({ code, output })));
  return {
    finished,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await finished;
    },
  };
}
