/** Quick first retries (0.5, 1, 2 s: a proxy restart is back within a second or two), then doubling, capped at 30 s, with ±20 % jitter so 700 seats do not reconnect in lockstep. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = 500 * 2 ** Math.min(Math.max(0, attempt), 10);
  return Math.min(30_000, Math.round(base * (0.8 + 0.4 * random())));
}

/**
 * How long the proxy watch waits before knocking again, `downForMs` into an outage. A restarted
 * proxy must have us registered again within 2 s (a WebSocket, then REGISTER with its digest
 * challenge: ~0.5 s on a fresh proxy), so knock every ~0.6 s (a bare WebSocket handshake) for the
 * first two minutes. An outage that long is maintenance or the network, where `online` and window
 * focus still retry at once: knock every 5 s after that. ±20 % jitter.
 */
export function probeDelayMs(downForMs: number, random: () => number = Math.random): number {
  const base = downForMs < 120_000 ? 600 : 5_000;
  return Math.round(base * (0.8 + 0.4 * random()));
}
