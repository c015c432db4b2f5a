import type { FastifyInstance } from 'fastify';
import path from 'node:path';
import { buildApiServer } from './api-server.js';
import { DEFAULT_SEEDS_DIR, loadSeedsIfEmpty } from './seed/load-seeds.js';
import { publishScripts } from './seed/publish-scripts.js';
import { loadSoftphoneConfig } from './softphone/sip-provisioning.js';
import { SqliteStorage } from './storage/sqlite-storage.js';
import type { ServerStorage } from './storage/storage.js';

export interface RunningApiServer {
  url: string;
  app: FastifyInstance;
  storage: ServerStorage;
  close(): Promise<void>;
}

export interface StartApiServerOptions {
  /** An SQLite file path (PostgreSQL URLs are added by the sync issue). */
  db: string;
  port?: number;
  host?: string;
  seeds?: boolean;
  seedsDir?: string;
  logger?: boolean | { level: string };
}

export async function openStorage(db: string): Promise<ServerStorage> {
  if (/^postgres(ql)?:\/\//.test(db)) throw new Error('PostgreSQL storage is not built yet');
  return new SqliteStorage(db);
}

/** Starts the central API on loopback (by default) and returns its URL. */
export async function startApiServer(options: StartApiServerOptions): Promise<RunningApiServer> {
  const storage = await openStorage(options.db);
  if (options.seeds !== false) {
    await loadSeedsIfEmpty(storage, options.seedsDir);
    await publishScripts(storage, path.join(options.seedsDir ?? DEFAULT_SEEDS_DIR, 'scripts'));
  }
  const softphone = loadSoftphoneConfig(options.seedsDir ?? DEFAULT_SEEDS_DIR, path.join(DEFAULT_SEEDS_DIR, 'softphone.json'));
  const app = await buildApiServer({ storage, logger: options.logger, softphone });
  const address = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  let closed = false;
  return {
    url: address.replace('[::1]', '127.0.0.1'),
    app,
    storage,
    async close() {
      if (closed) return;
      closed = true;
      await app.close(); // finishes in-flight requests first
      await storage.close();
    },
  };
}
