import type { FastifyInstance } from 'fastify';
import path from 'node:path';
import { buildApi, type ApiServerOptions } from './api-server.js';
import { BrokerFanout } from './fanout/broker-fanout.js';
import { DEFAULT_SEEDS_DIR, loadSeedsIfEmpty } from './seed/load-seeds.js';
import { publishScripts } from './seed/publish-scripts.js';
import { loadSoftphoneConfig, type SoftphoneOverrides } from './softphone/sip-provisioning.js';
import { PostgresStorage } from './storage/postgres-storage.js';
import { SqliteStorage } from './storage/sqlite-storage.js';
import type { ServerStorage } from './storage/storage.js';

export interface RunningApiServer {
  url: string;
  app: FastifyInstance;
  storage: ServerStorage;
  /** False when no SIP proxy is configured (agents get states and reasons, no line). */
  sipConfigured: boolean;
  /** Stops taking requests, finishes the ones in flight (and their transactions), then closes the database. */
  close(): Promise<void>;
}

export interface StartApiServerOptions extends Omit<ApiServerOptions, 'storage'> {
  /** An SQLite file path or a postgres:// URL. */
  db: string;
  /** PostgreSQL only: wait for the database to come up instead of failing (the API process does). */
  waitForDatabase?: boolean;
  /** SQLite only: the file is encrypted at rest with this 32-byte key (the embedded API in a profile folder). */
  dbKey?: Buffer;
  port?: number;
  host?: string;
  seeds?: boolean;
  seedsDir?: string;
  /** Changes to the seeds' softphone.json (the process config's HOTLINE_SIP_* variables); ignored when `softphone` is given. */
  softphoneOverrides?: SoftphoneOverrides;
  /** PostgreSQL connections of this process (HOTLINE_PG_POOL). */
  pgPoolSize?: number;
  /** nats:// — pokes across API processes through the broker instead of PostgreSQL NOTIFY (HOTLINE_BROKER_URL). */
  brokerUrl?: string;
}

export const isPostgresUrl = (db: string) => /^postgres(ql)?:\/\//.test(db);

/**
 * `waitForDatabase`: keep retrying while PostgreSQL does not answer yet (an API process started
 * with or before its database); admin commands leave it off and fail at once. `pgPoolSize`:
 * PostgreSQL connections of this process.
 */
export async function openStorage(
  db: string,
  options: { waitForDatabase?: boolean; onWait?: (error: Error) => void; pgPoolSize?: number; notifyThroughDatabase?: boolean; key?: Buffer } = {},
): Promise<ServerStorage> {
  return isPostgresUrl(db) ? PostgresStorage.open(db, undefined, options) : new SqliteStorage(db, undefined, options.key);
}

/** Starts the central API on loopback (by default) and returns its URL. */
export async function startApiServer(options: StartApiServerOptions): Promise<RunningApiServer> {
  const { db, dbKey, port, host, seeds, seedsDir, waitForDatabase, softphoneOverrides, pgPoolSize, brokerUrl, ...apiOptions } = options;
  const storage = await openStorage(db, {
    waitForDatabase,
    pgPoolSize,
    notifyThroughDatabase: brokerUrl === undefined,
    onWait: (error) => console.warn(`waiting for the database: ${error.message}`),
    key: dbKey,
  });
  const broker = brokerUrl ? await BrokerFanout.connect(brokerUrl, storage, { warn: (object, message) => console.warn(message, object) }) : undefined;
  if (seeds !== false) {
    await loadSeedsIfEmpty(storage, seedsDir);
    await publishScripts(storage, path.join(seedsDir ?? DEFAULT_SEEDS_DIR, 'scripts'));
  }
  const softphone = apiOptions.softphone ?? loadSoftphoneConfig(seedsDir ?? DEFAULT_SEEDS_DIR, path.join(DEFAULT_SEEDS_DIR, 'softphone.json'), softphoneOverrides);
  const { app, drain } = await buildApi({ ...apiOptions, softphone, storage, changes: broker }).catch(async (error: unknown) => {
    await broker?.close();
    await storage.close();
    throw error;
  });
  const address = await app.listen({ port: port ?? 0, host: host ?? '127.0.0.1' });
  let closing: Promise<void> | undefined;
  return {
    url: address.replace('[::1]', '127.0.0.1'),
    app,
    storage,
    sipConfigured: softphone.wsUrl !== undefined,
    close() {
      closing ??= (async () => {
        drain();
        await app.close(); // stops accepting, waits for in-flight requests (each push is one transaction)
        await broker?.close();
        await storage.close();
      })();
      return closing;
    },
  };
}
