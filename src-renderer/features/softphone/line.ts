// The one telephone interface the UI knows. Two implementations: SipLine (sip.js over WebSocket
// to the centre's proxy) and SimulatedLine (training, no network). The call bar, screen pop,
// script panel and training all talk to a Line, never to sip.js directly.
//
// The members below the "optional" marker are capabilities a SimulatedLine may leave out; the
// call bar hides what a line does not offer.

export type RegistrationState = 'unregistered' | 'registering' | 'registered' | 'failed';
export type CallState = 'ringing' | 'dialing' | 'connected' | 'held' | 'ended';
export type CallDirection = 'inbound' | 'outbound';

export interface LineCall {
  id: string;
  direction: CallDirection;
  /** The far end's number as dialled or presented (unmasked; mask it when displaying). */
  remoteNumber: string;
  remoteName?: string;
  state: CallState;
  muted: boolean;
  /** Epoch ms. */
  ringingAt: number;
  answeredAt?: number;
  endedAt?: number;
  endReason?: string;
  /** Attended transfer: the consultation call's link to the customer's call it consults for. */
  consultFor?: string;
}

/** Where the line's signalling connection is; the call bar shows "reconnecting…" from this. */
export type TransportState = 'connecting' | 'connected' | 'disconnected';

export interface LineEvents {
  registration: RegistrationState;
  /** Any change to a call (new, answered, held, ended…). */
  call: LineCall;
  /** Something the far end said, for simulated customers in training (text, optional audio URL). */
  utterance: { callId: string; text: string; audioUrl?: string };
  transport: TransportState;
}

/** Media figures of one call from RTCPeerConnection.getStats(), for MOS and for tests. */
export interface CallMediaStats {
  bytesReceived: number;
  bytesSent: number;
  packetsReceived: number;
  packetsLost: number;
  /** Seconds. */
  jitter: number;
  /** Seconds; undefined until RTCP has measured it. */
  roundTripTime?: number;
  /** Negotiated direction of our audio (sendrecv, sendonly while on hold…). */
  direction?: string;
}

/** Pre-shift network check figures, in ms. */
export interface NetworkCheck {
  /** Opening a fresh WebSocket to the proxy (TCP + upgrade). */
  wsConnectMs: number;
  /** A registration refresh including its digest challenge. */
  registerMs: number;
  keepAliveMs: number;
}

export type NetworkVerdict = 'good' | 'fair' | 'poor';

/** Plain-language grading of a network check for a home agent. */
export function gradeNetwork(check: NetworkCheck): NetworkVerdict {
  const worst = Math.max(check.wsConnectMs, check.keepAliveMs * 2, check.registerMs / 2);
  if (worst <= 150) return 'good';
  if (worst <= 400) return 'fair';
  return 'poor';
}

export interface AudioDevices {
  /** Microphone (deviceId); undefined = system default. */
  input?: string;
  /** Speaker/headset for the call audio. */
  output?: string;
}

export interface Line {
  readonly kind: 'sip' | 'simulated';
  register(): Promise<void>;
  unregister(): Promise<void>;
  dial(number: string): Promise<LineCall>;
  answer(callId: string): Promise<void>;
  /** 486 Busy Here (not ready) or 603 Decline (agent rejects). */
  reject(callId: string, code?: 486 | 603): Promise<void>;
  hangup(callId: string): Promise<void>;
  hold(callId: string, on: boolean): Promise<void>;
  mute(callId: string, on: boolean): void;
  sendDtmf(callId: string, tones: string): Promise<void>;
  blindTransfer(callId: string, target: string): Promise<void>;
  on<E extends keyof LineEvents>(event: E, listener: (payload: LineEvents[E]) => void): () => void;
  dispose(): Promise<void>;

  // ── optional ──
  /** Attended transfer, step 1: put the customer on hold and call the third party. */
  consult?(callId: string, target: string): Promise<LineCall>;
  /** Step 2a: connect the customer to the third party (REFER with Replaces) and leave both. */
  completeTransfer?(callId: string, consultCallId: string): Promise<void>;
  /** Step 2b: end the consultation and return to the customer. */
  cancelConsult?(callId: string, consultCallId: string): Promise<void>;
  /** Switch microphone/speaker, also mid-call, without renegotiation. */
  setAudioDevices?(devices: AudioDevices): Promise<void>;
  stats?(callId: string): Promise<CallMediaStats | undefined>;
  /** Round trip of one keep-alive request to the proxy, in ms. */
  probe?(): Promise<number>;
  /** The pre-shift network check. */
  networkCheck?(): Promise<NetworkCheck>;
}
