// The one telephone interface the UI knows. Two implementations: SipLine (sip.js over WebSocket
// to the centre's proxy) and SimulatedLine (training, no network). The call bar, screen pop,
// script panel and training all talk to a Line, never to sip.js directly.

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
}

export interface LineEvents {
  registration: RegistrationState;
  /** Any change to a call (new, answered, held, ended…). */
  call: LineCall;
  /** Something the far end said, for simulated customers in training (text, optional audio URL). */
  utterance: { callId: string; text: string; audioUrl?: string };
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
}
