import { randomBytes } from 'node:crypto';
import type { ServerStorage } from '../storage/storage.js';

/** HMAC-SHA256 keys shorter than its output are guessable offline from one captured token. */
export const MIN_TOKEN_SECRET_BYTES = 32;

/** The API does not start with a configuration that would make its tokens forgeable. */
export class StartupRefused extends Error {}

/**
 * `HOTLINE_TOKEN_SECRET` when set (a centre's API processes share it; src-server/config.ts reads
 * it), at least 32 bytes. An embedded server without it keeps a random secret in its own
 * database, so tokens survive a restart.
 */
export async function tokenSecretOf(storage: ServerStorage, fromEnv: string | undefined): Promise<Buffer> {
  if (fromEnv !== undefined) {
    const secret = Buffer.from(fromEnv);
    if (secret.length < MIN_TOKEN_SECRET_BYTES) {
      throw new StartupRefused(
        `HOTLINE_TOKEN_SECRET 太短（${secret.length} 字节），至少需要 ${MIN_TOKEN_SECRET_BYTES} 字节的随机值（例如 openssl rand -base64 48 的输出）；中央 API 未启动。` +
          ` / HOTLINE_TOKEN_SECRET is too short (${secret.length} bytes): it must be at least ${MIN_TOKEN_SECRET_BYTES} bytes of random data (e.g. the output of openssl rand -base64 48); the central API did not start.`,
      );
    }
    return secret;
  }
  let stored = await storage.getMeta('token_secret');
  if (!stored) {
    stored = randomBytes(32).toString('base64url');
    await storage.setMeta('token_secret', stored);
  }
  return Buffer.from(stored, 'base64url');
}
