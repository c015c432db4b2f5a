import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AgentRole } from '../../src-shared/domain/agent.js';

export const TokenClaims = z.object({
  sub: z.string(),
  team: z.string(),
  role: AgentRole,
  kind: z.literal('access'),
  /** The agent's token version when issued; a bump revokes the token (auth/token-versions.ts). */
  ver: z.number().int().nonnegative(),
  exp: z.number(),
  jti: z.string(),
});
export type TokenClaims = z.infer<typeof TokenClaims>;

export const ACCESS_TTL_SECONDS = 15 * 60;
export const REFRESH_TTL_SECONDS = 12 * 60 * 60;

/**
 * Access tokens: compact HMAC-signed `base64url(claims).base64url(hmac)`, checked by signature and
 * by the agent's token version. Refresh tokens are random and kept server-side (hashed), so they
 * can be rotated and revoked.
 */
export class TokenSigner {
  constructor(
    private readonly secret: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  sign(claims: Omit<TokenClaims, 'exp' | 'jti' | 'kind'>, ttlSeconds: number): string {
    const full: TokenClaims = { ...claims, kind: 'access', exp: Math.floor(this.now() / 1000) + ttlSeconds, jti: randomBytes(9).toString('base64url') };
    const body = Buffer.from(JSON.stringify(full)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  verify(token: string): TokenClaims | undefined {
    const [body, mac] = token.split('.');
    if (!body || !mac) return undefined;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const claims = TokenClaims.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    if (!claims.success || claims.data.exp * 1000 < this.now()) return undefined;
    return claims.data;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

/** 256 random bits; only its hash is stored. */
export const newRefreshToken = (): string => randomBytes(32).toString('base64url');
export const refreshTokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');
