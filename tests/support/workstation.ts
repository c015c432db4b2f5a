import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApiServer, type RunningApiServer } from '../../src-server/start.js';
import { createWorkstationDispatch } from '../../src-main/ipc/handlers/index.js';
import type { Dispatch } from '../../src-main/ipc/dispatcher.js';
import type { ChannelName, RequestOf, ResponseOf } from '../../src-shared/ipc/contract.js';
import type { Result } from '../../src-shared/result.js';
import { silentLogger } from '../../src-main/services/log.js';
import { Workstation } from '../../src-main/services/workstation.js';

export interface InProcessWorkstation {
  dir: string;
  api: RunningApiServer;
  workstation: Workstation;
  dispatch: Dispatch;
  /** The dispatcher with the contract's types, as the renderer sees it. */
  call<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  close(): Promise<void>;
}

/** A real central API (SQLite, seed data) and a real workstation in this process, in a fresh folder. */
export async function startInProcessWorkstation(): Promise<InProcessWorkstation> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-ws-'));
  const api = await startApiServer({ db: path.join(dir, 'central.db') });
  const workstation = new Workstation({
    profileDir: path.join(dir, 'profile'),
    serverUrl: api.url,
    embeddedServer: false,
    host: 'web',
    version: 'test',
    log: silentLogger,
    syncIntervalMs: 60_000,
  });
  const dispatch = createWorkstationDispatch(workstation, silentLogger);
  return {
    dir,
    api,
    workstation,
    dispatch,
    call: (channel, request) => dispatch(channel, request) as never,
    async close() {
      await workstation.close();
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
