/** Quick first retries (a proxy restart is back within a second or two), then doubling, capped at 30 s, with ±20 % jitter so 700 seats do not reconnect in lockstep. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = 500 * 2 ** Math.min(Math.max(0, attempt), 10);
  return Math.min(30_000, Math.round(base * (0.8 + 0.4 * random())));
}
