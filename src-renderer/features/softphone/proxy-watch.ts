import { probeDelayMs } from './backoff.js';

/** A handshake that has not opened by then is a silent network, not a proxy coming up. */
const HANDSHAKE_TIMEOUT_MS = 2_000;

/**
 * While the line is down, knocks on the proxy's WebSocket port (a bare handshake, closed at once)
 * and calls `onAnswer` the moment it opens: the reconnect backoff may be waiting for seconds, the
 * proxy's return must not wait for it (a restarted Kamailio is back in ~1 s; issue 17 measured
 * 8–15 s of waiting out the backoff).
 */
export class ProxyWatch {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private socket: WebSocket | undefined;
  private downSince = 0;

  constructor(
    private readonly wsUrl: string,
    private readonly onAnswer: () => void,
  ) {}

  get watching(): boolean {
    return this.downSince !== 0;
  }

  start(): void {
    if (this.watching) return;
    this.downSince = Date.now();
    this.schedule();
  }

  stop(): void {
    this.downSince = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.drop();
  }

  private schedule(): void {
    if (!this.watching) return;
    this.timer = setTimeout(() => this.knock(), probeDelayMs(Date.now() - this.downSince));
  }

  private knock(): void {
    this.timer = undefined;
    const socket = new WebSocket(this.wsUrl, 'sip');
    this.socket = socket;
    const giveUp = setTimeout(() => settle(false), HANDSHAKE_TIMEOUT_MS);
    const settle = (answered: boolean) => {
      if (this.socket !== socket) return;
      clearTimeout(giveUp);
      this.drop();
      if (!this.watching) return;
      if (answered) {
        this.stop();
        this.onAnswer();
      } else this.schedule();
    };
    socket.onopen = () => settle(true);
    socket.onerror = () => settle(false);
    socket.onclose = () => settle(false);
  }

  private drop(): void {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return;
    socket.onopen = socket.onerror = socket.onclose = null;
    socket.close();
  }
}
