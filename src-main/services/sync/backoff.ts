/**
 * Exponential backoff with jitter, capped: attempt n waits between half and all of
 * min(cap, base·2^(n-1)). The jitter spreads 700 workstations that lost the server at the same
 * moment, so they do not all come back in the same second.
 */
export function backoffDelay(failures: number, baseMs: number, capMs = 60_000, random: () => number = Math.random): number {
  if (failures <= 0) return baseMs;
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}
