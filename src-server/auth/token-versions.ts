import type { TokenClaims } from './tokens.js';
import type { ServerStorage, TokenState } from '../storage/storage.js';

/** How long a process trusts what it read of an agent's token version; revocation takes at most this (plus a stream sweep). */
export const TOKEN_STATE_CACHE_MS = 2_000;

/**
 * Whether an access token's version is still the agent's, asked on every request. The answer is
 * cached per agent for 2 s, so a busy agent costs one small read per 2 s, and a disable, a
 * password change or a logout done through any API process (or the admin CLI) takes effect
 * everywhere within that time. This process's own bumps take effect at once (`forget`).
 */
export class TokenVersions {
  private readonly cache = new Map<string, { state: TokenState | undefined; at: number }>();

  constructor(
    private readonly storage: ServerStorage,
    private readonly now: () => number = Date.now,
  ) {}

  async valid(claims: TokenClaims): Promise<boolean> {
    const cached = this.cache.get(claims.sub);
    const state = cached && this.now() - cached.at < TOKEN_STATE_CACHE_MS ? cached.state : await this.read([claims.sub]).then((states) => states.get(claims.sub));
    return isCurrent(state, claims);
  }

  /** Reads many agents at once (the event-stream sweep), refreshing the cache; returns which of `tokens` are still valid. */
  async stillValid(tokens: TokenClaims[]): Promise<boolean[]> {
    const states = await this.read([...new Set(tokens.map((claims) => claims.sub))]);
    return tokens.map((claims) => isCurrent(states.get(claims.sub), claims));
  }

  /** This process just bumped the agent's version: do not trust the cached one. */
  forget(agentId: string): void {
    this.cache.delete(agentId);
  }

  private async read(agentIds: string[]): Promise<Map<string, TokenState>> {
    const states = await this.storage.tokenStates(agentIds);
    const at = this.now();
    for (const id of agentIds) this.cache.set(id, { state: states.get(id), at });
    if (this.cache.size > 20_000) for (const [id, entry] of this.cache) if (at - entry.at >= TOKEN_STATE_CACHE_MS) this.cache.delete(id);
    return states;
  }
}

const isCurrent = (state: TokenState | undefined, claims: TokenClaims) => state !== undefined && !state.disabled && state.tokenVersion === claims.ver;
