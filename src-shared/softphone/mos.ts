// Call quality as a mean opinion score, estimated with a simplified ITU-T G.107 E-model from what
// WebRTC's getStats() reports: jitter, packet loss and round-trip time. Home agents see it live.

export interface QualitySample {
  /** Seconds, as in inbound-rtp `jitter`. */
  jitterSeconds: number;
  /** Fraction 0..1 of packets lost over the measured interval. */
  lossFraction: number;
  /** Seconds, as in remote-inbound-rtp / candidate-pair `roundTripTime`; undefined when unknown. */
  roundTripSeconds?: number;
}

// Equipment impairment and packet-loss robustness for G.711/Opus with loss concealment (G.113 App. I).
const IE = 0;
const BPL = 25.1;
// Codec framing and jitter buffer add delay beyond the network's.
const CODEC_DELAY_MS = 10;

/** R-factor 0..100 (93.2 is a perfect narrow-band call). */
export function rFactor(sample: QualitySample): number {
  const rttMs = (sample.roundTripSeconds ?? 0) * 1000;
  const jitterMs = sample.jitterSeconds * 1000;
  // Mouth-to-ear delay: half the round trip, plus a jitter buffer of about twice the jitter.
  const delayMs = rttMs / 2 + jitterMs * 2 + CODEC_DELAY_MS;
  const delayImpairment = delayMs < 160 ? delayMs / 40 : (delayMs - 120) / 10;
  const lossPercent = Math.min(100, Math.max(0, sample.lossFraction * 100));
  const effectiveEquipment = IE + (95 - IE) * (lossPercent / (lossPercent + BPL));
  return Math.min(100, Math.max(0, 93.2 - delayImpairment - effectiveEquipment));
}

/** MOS 1.0..4.5 from an R-factor (G.107 Annex B). */
export function mosFromR(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  return Math.min(4.5, Math.max(1, 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r)));
}

export const estimateMos = (sample: QualitySample) => Math.round(mosFromR(rFactor(sample)) * 100) / 100;

/** Below this the call sounds poor to most listeners. */
export const LOW_MOS = 3.5;

/**
 * Warns only when quality *stays* low (several consecutive samples), so a single burst of loss on
 * a home connection does not flash a warning at the agent.
 */
export class MosWatch {
  private lowStreak = 0;
  constructor(private readonly samplesBeforeWarning = 3) {}

  /** Feeds one MOS value; returns true while the warning should show. */
  push(mos: number): boolean {
    this.lowStreak = mos < LOW_MOS ? this.lowStreak + 1 : 0;
    return this.lowStreak >= this.samplesBeforeWarning;
  }
}
