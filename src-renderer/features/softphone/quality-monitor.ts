// Live call quality for home agents: every couple of seconds the line's media figures are turned
// into a MOS over the interval since the last sample (packet counters are cumulative), and a warning
// is raised only when quality stays low (MosWatch), not on one burst of loss.
import { estimateMos, MosWatch } from '../../../src-shared/softphone/mos.js';
import type { CallMediaStats } from './line.js';

export interface Quality {
  mos: number | null;
  low: boolean;
}

export const NO_QUALITY: Quality = { mos: null, low: false };

/** Runs `task` every `ms` until the returned function is called; injected so tests step it by hand. */
export type Every = (task: () => void, ms: number) => () => void;

export const everyInterval: Every = (task, ms) => {
  const timer = setInterval(task, ms);
  return () => clearInterval(timer);
};

export interface QualityMonitorOptions {
  /** The call's media figures, undefined while there are none (the line has no peer connection yet). */
  stats: () => Promise<CallMediaStats | undefined> | undefined;
  onQuality: (quality: Quality) => void;
  every?: Every;
  intervalMs?: number;
  /** Consecutive low samples before the warning shows. */
  samplesBeforeWarning?: number;
}

/** Samples one call's quality from start() until stop(). */
export class QualityMonitor {
  private readonly watch: MosWatch;
  private previous: CallMediaStats | undefined;
  private cancel: (() => void) | undefined;
  private running = false;

  constructor(private readonly options: QualityMonitorOptions) {
    this.watch = new MosWatch(options.samplesBeforeWarning ?? 3);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.cancel = (this.options.every ?? everyInterval)(() => void this.sample(), this.options.intervalMs ?? 2_000);
  }

  stop(): void {
    this.running = false;
    this.cancel?.();
    this.cancel = undefined;
  }

  /** One sample; a figure that arrives after stop() is dropped (the call has ended). */
  async sample(): Promise<void> {
    const stats = await this.options.stats();
    if (!stats || !this.running) return;
    const received = stats.packetsReceived - (this.previous?.packetsReceived ?? 0);
    const lost = stats.packetsLost - (this.previous?.packetsLost ?? 0);
    this.previous = stats;
    const mos = estimateMos({
      jitterSeconds: stats.jitter,
      lossFraction: received + lost > 0 ? lost / (received + lost) : 0,
      roundTripSeconds: stats.roundTripTime,
    });
    this.options.onQuality({ mos, low: this.watch.push(mos) });
  }
}
