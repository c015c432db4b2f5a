import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AgentRole } from '../../src-shared/domain/agent.js';

export const TokenClaims = z.object({
  sub: z.string(),
  team: z.string(),
  role: AgentRole,
  kind: z.enum(['access', 'refresh']),
  exp: z.number(),
  jti: z.string(),
});
export type TokenClaims = z.infer<typeof TokenClaims>;

export const ACCESS_TTL_SECONDS = 15 * 60;
export const REFRESH_TTL_SECONDS = 12 * 60 * 60;

/** Compact HMAC-signed tokens: `base64url(claims).base64url(hmac)`. Stateless, so API instances scale out. */
export class TokenSigner {
  constructor(
    private readonly secret: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  sign(claims: Omit<TokenClaims, 'exp' | 'jti'>, ttlSeconds: number): string {
    const full: TokenClaims = { ...claims, exp: Math.floor(this.now() / 1000) + ttlSeconds, jti: randomBytes(9).toString('base64url') };
    const body = Buffer.from(JSON.stringify(full)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  verify(token: string, kind: TokenClaims['kind']): TokenClaims | undefined {
    const [body, mac] = token.split('.');
    if (!body || !mac) return undefined;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const claims = TokenClaims.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    if (!claims.success || claims.data.kind !== kind || claims.data.exp * 1000 < this.now()) return undefined;
    return claims.data;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
