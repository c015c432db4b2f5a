import type { Session, SessionDescriptionHandlerFactory } from 'sip.js';
import type { SessionDescriptionHandler } from 'sip.js/lib/platform/web/session-description-handler/session-description-handler.js';
import type { CallMediaStats } from './line.js';
import { logFailure } from '../../platform/log.js';

// WebRTC pieces of the SIP line that do not depend on its call bookkeeping.

/**
 * Without STUN/TURN servers only host candidates matter, and the UDP ones arrive first (within a
 * few ms); the TCP host candidates Chromium adds ~120 ms later are useless to a proxy-relayed
 * WebRTC call. So the SDP goes out a moment after the first UDP host candidate instead of waiting.
 */
export function earlyIceFactory(base: SessionDescriptionHandlerFactory, hostOnly: boolean): SessionDescriptionHandlerFactory {
  if (!hostOnly) return base;
  return (session, options) => {
    const handler = base(session, options) as SessionDescriptionHandler;
    let scheduled: ReturnType<typeof setTimeout> | undefined;
    handler.peerConnectionDelegate = {
      onicecandidate: (event) => {
        if (scheduled || event.candidate?.protocol !== 'udp') return;
        // Other interfaces' UDP candidates follow within a millisecond or two.
        scheduled = setTimeout(() => {
          scheduled = undefined;
          (handler as unknown as { iceGatheringComplete(): void }).iceGatheringComplete();
        }, 10);
      },
    };
    return handler;
  };
}

export const peerConnectionOf = (session: Session): RTCPeerConnection | undefined =>
  (session.sessionDescriptionHandler as SessionDescriptionHandler | undefined)?.peerConnection;

export async function setSink(audio: HTMLAudioElement, deviceId: string): Promise<void> {
  const withSink = audio as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
  await withSink.setSinkId?.(deviceId).catch(logFailure('softphone.audio', 'the chosen speaker was refused; the call plays on the default output'));
}

export async function readStats(pc: RTCPeerConnection): Promise<CallMediaStats> {
  const result: CallMediaStats = { bytesReceived: 0, bytesSent: 0, packetsReceived: 0, packetsLost: 0, jitter: 0 };
  const report = await pc.getStats();
  report.forEach((entry: Record<string, unknown>) => {
    if (entry.kind !== undefined && entry.kind !== 'audio') return;
    if (entry.type === 'inbound-rtp') {
      result.bytesReceived += Number(entry.bytesReceived ?? 0);
      result.packetsReceived += Number(entry.packetsReceived ?? 0);
      result.packetsLost += Math.max(0, Number(entry.packetsLost ?? 0));
      result.jitter = Math.max(result.jitter, Number(entry.jitter ?? 0));
    }
    if (entry.type === 'outbound-rtp') result.bytesSent += Number(entry.bytesSent ?? 0);
    if (entry.type === 'remote-inbound-rtp' && typeof entry.roundTripTime === 'number') result.roundTripTime = entry.roundTripTime;
    if (entry.type === 'candidate-pair' && entry.nominated && typeof entry.currentRoundTripTime === 'number') {
      result.roundTripTime ??= entry.currentRoundTripTime;
    }
  });
  result.direction = pc.getTransceivers()[0]?.currentDirection ?? undefined;
  return result;
}
