import {
  Invitation,
  Inviter,
  Registerer,
  RegistererState,
  SessionState,
  SIPExtension,
  UserAgent,
  type Session,
  type URI,
} from 'sip.js';
import type { SessionDescriptionHandler } from 'sip.js/lib/platform/web/session-description-handler/session-description-handler.js';
import type { SessionDescriptionHandlerOptions as WebSdhOptions } from 'sip.js/lib/platform/web/session-description-handler/session-description-handler-options.js';
import type { DtmfMode, SipAccount } from '../../../src-shared/domain/softphone.js';
import { defaultSessionDescriptionHandlerFactory } from 'sip.js/lib/platform/web/session-description-handler/session-description-handler-factory-default.js';
import { Emitter } from './emitter.js';
import { WarmMicrophone } from './warm-microphone.js';
import { earlyIceFactory, peerConnectionOf, readStats, setSink } from './webrtc.js';
import { reconnectDelayMs } from './backoff.js';
import { ProxyWatch } from './proxy-watch.js';
import { dtmfRelayBody, queueRfc4733, SerialQueue } from './dtmf.js';
import type { AudioDevices, CallMediaStats, Line, LineCall, LineEvents, NetworkCheck } from './line.js';
import { logFailure } from '../../platform/log.js';

export interface SipLineOptions {
  account: SipAccount;
  /** Asked at each (re)registration: main hands out the password only then. */
  password(): Promise<string>;
  devices?: AudioDevices;
  /** Read at each key press: the agent may switch between RFC 4733 and SIP INFO mid-call. */
  dtmfMode?: () => DtmfMode;
  /** Keep-alive period; a proxy that does not answer one within `keepAliveTimeoutMs` is dead. */
  keepAliveIntervalMs?: number;
  keepAliveTimeoutMs?: number;
}

interface TrackedCall {
  call: LineCall;
  session: Session;
  /** The element playing this call's far-end audio. */
  audio: HTMLAudioElement;
  /** SIP INFO digits of this call, sent one after another in press order. */
  infoDigits: SerialQueue;
}

const REGISTER_EXPIRES_S = 300;
// sip.js sends no SDP until ICE gathering completes (no trickle), and waits up to 5 s by default.
// Measured in Chromium here: host UDP candidates arrive within ~3 ms, TCP host candidates only
// after ~120 ms, and "complete" waits for those. Without STUN/TURN servers (LAN, VPN) the UDP host
// candidates are all that matter, so stop early; with servers, leave time for srflx/relay.
const iceGatheringTimeoutMs = (iceServers: readonly unknown[]) => (iceServers.length === 0 ? 80 : 1_000);

/**
 * The softphone line over sip.js 0.21: SIP over WebSocket to the centre's proxy, WebRTC media.
 * sip.js does not reconnect or re-register after a WebSocket drop and leaves calls without media
 * afterwards (onsip/SIP.js #1095, #1024): this class does both, detects a dead proxy with OPTIONS
 * keep-alives, and re-INVITEs established calls with an ICE restart once the connection is back.
 */
export class SipLine implements Line {
  readonly kind = 'sip' as const;
  private readonly events = new Emitter<LineEvents>();
  private readonly calls = new Map<string, TrackedCall>();
  private readonly ua: UserAgent;
  private registerer: Registerer | undefined;
  private wantRegistered = false;
  private disposed = false;
  private reconnectAttempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnecting = false;
  private readonly proxyWatch: ProxyWatch;
  private keepAliveTimer: ReturnType<typeof setInterval> | undefined;
  private lastTick = Date.now();
  private devices: AudioDevices;
  private readonly removeWindowListeners: () => void;
  private readonly microphone = new WarmMicrophone();

  constructor(private readonly options: SipLineOptions) {
    const { account } = options;
    this.devices = options.devices ?? {};
    this.ua = new UserAgent({
      uri: UserAgent.makeURI(`sip:${account.user}@${account.domain}`),
      displayName: account.displayName || account.user,
      transportOptions: { server: account.wsUrl, connectionTimeout: 5 },
      authorizationUsername: account.user,
      logBuiltinEnabled: false,
      sipExtensionReplaces: SIPExtension.Supported,
      userAgentString: 'HotlineWorkstation',
      sessionDescriptionHandlerFactory: earlyIceFactory(
        defaultSessionDescriptionHandlerFactory(() => this.microphone.callStream(this.devices.input || undefined)),
        account.iceServers.length === 0,
      ),
      sessionDescriptionHandlerFactoryOptions: {
        peerConnectionConfiguration: { iceServers: account.iceServers },
        iceGatheringTimeout: iceGatheringTimeoutMs(account.iceServers),
      },
      delegate: {
        onInvite: (invitation) => this.onInvite(invitation),
        onConnect: () => this.onConnected(),
        onDisconnect: (error) => this.onDisconnected(error),
      },
    });
    this.proxyWatch = new ProxyWatch(account.wsUrl, () => this.reconnectIfDown('the proxy answers again'));
    const online = () => this.reconnectNow('network back online');
    // The agent coming back to the window is the moment a stranded line must be tried.
    const focus = () => this.reconnectIfDown('window focused');
    const connection = (navigator as Navigator & { connection?: EventTarget }).connection;
    window.addEventListener('online', online);
    window.addEventListener('focus', focus);
    connection?.addEventListener('change', online);
    this.removeWindowListeners = () => {
      window.removeEventListener('online', online);
      window.removeEventListener('focus', focus);
      connection?.removeEventListener('change', online);
    };
  }

  on<E extends keyof LineEvents>(event: E, listener: (payload: LineEvents[E]) => void): () => void {
    return this.events.on(event, listener);
  }

  // ── registration and connection ──

  async register(): Promise<void> {
    this.wantRegistered = true;
    this.events.emit('registration', 'registering');
    this.events.emit('transport', 'connecting');
    try {
      if (!this.ua.isConnected()) await this.ua.start();
    } catch {
      // onDisconnect is not called for a first connection that never opened.
      this.scheduleReconnect();
      return;
    }
    await this.sendRegister();
  }

  async unregister(): Promise<void> {
    this.wantRegistered = false;
    if (this.registerer && this.registerer.state === RegistererState.Registered) {
      await this.registerer.unregister().catch(logFailure('softphone.line', 'un-REGISTER was not answered; the proxy drops the binding when it expires', 'info'));
    }
    this.events.emit('registration', 'unregistered');
  }

  private async sendRegister(): Promise<void> {
    const password = await this.options.password();
    // The password lives in the user agent's options only for this registration's digest.
    this.ua.configuration.authorizationPassword = password;
    if (!this.registerer) {
      this.registerer = new Registerer(this.ua, { expires: REGISTER_EXPIRES_S });
      this.registerer.stateChange.addListener((state) => {
        if (state === RegistererState.Registered) {
          this.events.emit('registration', 'registered');
          this.microphone.warm(this.devices.input || undefined);
        }
        if (state === RegistererState.Unregistered && this.wantRegistered && this.ua.isConnected()) {
          this.events.emit('registration', 'failed');
        }
      });
    }
    this.events.emit('registration', 'registering');
    await this.registerer.register({
      requestDelegate: {
        // A refresh after reconnect leaves the Registerer in "Registered" without a state change.
        onAccept: () => this.events.emit('registration', 'registered'),
        onReject: (response) => {
          // 401/407 are answered by sip.js with credentials; anything final else is a failure.
          if (![401, 407].includes(response.message.statusCode ?? 0)) this.events.emit('registration', 'failed');
        },
      },
    });
  }

  private onConnected(): void {
    this.reconnectAttempt = 0;
    this.proxyWatch.stop();
    this.events.emit('transport', 'connected');
    this.startKeepAlive();
  }

  private onDisconnected(error?: Error): void {
    // The close of a socket we already gave up on can arrive after the new one is up.
    if (this.ua.isConnected()) return;
    this.stopKeepAlive();
    this.events.emit('transport', 'disconnected');
    if (this.disposed || !error) return; // a clean stop (dispose/unregister) stays down
    if (this.wantRegistered) this.events.emit('registration', 'registering');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.disposed || this.reconnectTimer) return;
    this.proxyWatch.start();
    const delay = reconnectDelayMs(this.reconnectAttempt++);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.reconnect();
    }, delay);
  }

  /** A network change or wake from sleep: try at once instead of waiting out the backoff. */
  private reconnectNow(_why: string): void {
    if (this.disposed || !this.wantRegistered) return;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.reconnectAttempt = 0;
    if (this.ua.isConnected()) void this.afterReconnect();
    else void this.reconnect();
  }

  /** The proxy answers again or the agent is back at the window: no reason to wait out the backoff. */
  private reconnectIfDown(_why: string): void {
    if (this.disposed || !this.wantRegistered || this.ua.isConnected() || this.reconnecting) return;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    // One attempt at a time: sip.js hands a second caller the same pending connect, and both
    // would then re-REGISTER and re-INVITE every call.
    if (this.disposed || this.reconnecting) return;
    this.reconnecting = true;
    this.events.emit('transport', 'connecting');
    try {
      await this.ua.reconnect();
    } catch {
      this.reconnecting = false;
      this.scheduleReconnect();
      return;
    }
    this.reconnecting = false;
    await this.afterReconnect();
  }

  private async afterReconnect(): Promise<void> {
    if (this.wantRegistered) await this.sendRegister().catch(() => this.events.emit('registration', 'failed'));
    // Calls that were up before the outage: refresh the dialog's route to our new connection and
    // restart ICE where media broke (sip.js #1024, #1088).
    for (const tracked of this.calls.values()) {
      if (tracked.session.state !== SessionState.Established) continue;
      const restart: WebSdhOptions = { offerOptions: { iceRestart: true }, hold: tracked.call.state === 'held' };
      void tracked.session.invite({ sessionDescriptionHandlerOptions: restart }).catch(logFailure('softphone.line', 'the ICE-restart re-INVITE after a reconnect failed; the call may have no audio'));
    }
  }

  private startKeepAlive(): void {
    this.stopKeepAlive();
    const interval = this.options.keepAliveIntervalMs ?? 5_000;
    this.lastTick = Date.now();
    this.keepAliveTimer = setInterval(() => {
      const now = Date.now();
      // Timers stop while the machine sleeps: a long gap means we just woke up.
      const woke = now - this.lastTick > interval * 3;
      this.lastTick = now;
      this.probe().catch(() => {
        if (!this.keepAliveTimer) return;
        // No answer in time: the connection is dead even if the socket looks open. Closing a
        // socket whose peer went silent can take long (the close handshake never completes), so
        // start over at once on a new socket instead of waiting for it.
        this.stopKeepAlive();
        void this.ua.transport.disconnect().catch(logFailure('softphone.line', 'closing the silent socket failed', 'debug'));
        this.onDisconnected(new Error('keep-alive timed out'));
      });
      if (woke) this.reconnectNow('woke from sleep');
    }, interval);
  }

  private stopKeepAlive(): void {
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = undefined;
  }

  /** Sends OPTIONS to the proxy and resolves with the round trip in ms. */
  probe(): Promise<number> {
    const { account } = this.options;
    const started = performance.now();
    return new Promise((resolve, reject) => {
      if (!this.ua.isConnected()) {
        reject(new Error('not connected'));
        return;
      }
      const target = UserAgent.makeURI(`sip:${account.domain}`)!;
      const message = this.ua.userAgentCore.makeOutgoingRequestMessage('OPTIONS', target, this.ua.configuration.uri, target, {});
      const timer = setTimeout(() => reject(new Error('keep-alive timed out')), this.options.keepAliveTimeoutMs ?? 4_000);
      const settle = () => {
        clearTimeout(timer);
        resolve(performance.now() - started);
      };
      this.ua.userAgentCore.request(message, { onAccept: settle, onReject: settle });
    });
  }

  /**
   * Pre-shift check: how long a fresh WebSocket to the proxy takes to open, a registration refresh
   * (with its digest challenge) and one keep-alive round trip.
   */
  async networkCheck(): Promise<NetworkCheck> {
    const wsStarted = performance.now();
    await new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(this.options.account.wsUrl, 'sip');
      const timer = setTimeout(() => {
        socket.close();
        reject(new Error('WebSocket did not open'));
      }, 5_000);
      socket.onopen = () => {
        clearTimeout(timer);
        socket.close();
        resolve();
      };
      socket.onerror = () => {
        clearTimeout(timer);
        reject(new Error('WebSocket failed'));
      };
    });
    const wsConnectMs = performance.now() - wsStarted;
    const keepAliveMs = await this.probe();
    const registerStarted = performance.now();
    await new Promise<void>((resolve, reject) => {
      if (!this.registerer) {
        reject(new Error('not registered'));
        return;
      }
      void this.registerer.register({
        requestDelegate: {
          onAccept: () => resolve(),
          onReject: (response) => {
            if (![401, 407].includes(response.message.statusCode ?? 0)) reject(new Error(`REGISTER ${response.message.statusCode}`));
          },
        },
      });
    });
    return { wsConnectMs, keepAliveMs, registerMs: performance.now() - registerStarted };
  }

  // ── calls ──

  private onInvite(invitation: Invitation): void {
    const identity = invitation.remoteIdentity;
    const call: LineCall = {
      id: crypto.randomUUID(),
      direction: 'inbound',
      remoteNumber: identity.uri.user ?? '',
      remoteName: identity.displayName || undefined,
      state: 'ringing',
      muted: false,
      ringingAt: Date.now(),
    };
    // Auto-answer is the call bar's decision: only a ready agent is rung at all.
    this.track(call, invitation);
  }

  async dial(number: string): Promise<LineCall> {
    return this.placeCall(number);
  }

  private async placeCall(number: string, consultFor?: string): Promise<LineCall> {
    const target = this.targetUri(number);
    if (!target) throw new Error(`Not a dialable number: ${number}`);
    const inviter = new Inviter(this.ua, target, { sessionDescriptionHandlerOptions: { constraints: this.constraints() } });
    const call: LineCall = {
      id: crypto.randomUUID(),
      direction: 'outbound',
      remoteNumber: target.user ?? number,
      state: 'dialing',
      muted: false,
      ringingAt: Date.now(),
      ...(consultFor ? { consultFor } : {}),
    };
    this.track(call, inviter);
    void inviter
      .invite({
        requestDelegate: {
          onReject: (response) => this.noteEndReason(call.id, String(response.message.statusCode ?? 'rejected')),
        },
      })
      .catch((error: unknown) => this.update(call.id, { state: 'ended', endedAt: Date.now(), endReason: String(error) }));
    return call;
  }

  async answer(callId: string): Promise<void> {
    const tracked = this.require(callId);
    if (!(tracked.session instanceof Invitation) || tracked.session.state !== SessionState.Initial) return;
    await tracked.session.accept({ sessionDescriptionHandlerOptions: { constraints: this.constraints() } });
  }

  async reject(callId: string, code: 486 | 603 = 603): Promise<void> {
    const tracked = this.require(callId);
    if (tracked.session instanceof Invitation && tracked.session.state === SessionState.Initial) {
      this.noteEndReason(callId, String(code));
      await tracked.session.reject({ statusCode: code });
    }
  }

  async hangup(callId: string): Promise<void> {
    const { session } = this.require(callId);
    this.noteEndReason(callId, 'local');
    switch (session.state) {
      case SessionState.Initial:
      case SessionState.Establishing:
        if (session instanceof Inviter) await session.cancel();
        else if (session instanceof Invitation) await session.reject({ statusCode: 603 });
        break;
      case SessionState.Established:
        await session.bye();
        break;
      default:
        break;
    }
  }

  async hold(callId: string, on: boolean): Promise<void> {
    const tracked = this.require(callId);
    const { session } = tracked;
    if (session.state !== SessionState.Established) return;
    if ((tracked.call.state === 'held') === on) return;
    await new Promise<void>((resolve, reject) => {
      const holdOptions: WebSdhOptions = { hold: on };
      session.sessionDescriptionHandlerOptionsReInvite = holdOptions;
      void session
        .invite({
          sessionDescriptionHandlerOptions: holdOptions,
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (response) => reject(new Error(`re-INVITE ${response.message.statusCode}`)),
          },
        })
        .catch(reject);
    });
    // While held our microphone sends nothing, whatever the mute state.
    this.enableSender(tracked, !on && !tracked.call.muted);
    this.update(callId, { state: on ? 'held' : 'connected' });
  }

  mute(callId: string, on: boolean): void {
    const tracked = this.require(callId);
    this.enableSender(tracked, !on && tracked.call.state !== 'held');
    this.update(callId, { muted: on });
  }

  async sendDtmf(callId: string, tones: string): Promise<void> {
    const { session, infoDigits } = this.require(callId);
    if (session.state !== SessionState.Established) return;
    const digits = tones.replace(/[^0-9A-D*#]/gi, '').toUpperCase();
    if (!digits) return;
    if ((this.options.dtmfMode?.() ?? this.options.account.dtmfMode) === 'rfc4733') {
      const sender = peerConnectionOf(session)?.getSenders().find((candidate) => candidate.track?.kind === 'audio')?.dtmf;
      if (sender?.canInsertDTMF) {
        queueRfc4733(sender, digits);
        return;
      }
      // Far end negotiated no telephone-event: fall back to INFO rather than lose the digits.
    }
    // Queued all at once: a press arriving while this one's INFOs are out must come after them.
    const sent = [...digits].map((digit) =>
      infoDigits.run(() =>
        session.info({ requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: dtmfRelayBody(digit) } } }),
      ),
    );
    await Promise.all(sent);
  }

  async blindTransfer(callId: string, target: string): Promise<void> {
    const { session } = this.require(callId);
    const uri = this.targetUri(target);
    if (!uri) throw new Error(`Not a dialable number: ${target}`);
    await this.referAndLeave(callId, session, uri);
  }

  async consult(callId: string, target: string): Promise<LineCall> {
    await this.hold(callId, true);
    return this.placeCall(target, callId);
  }

  async completeTransfer(callId: string, consultCallId: string): Promise<void> {
    const customer = this.require(callId);
    const consult = this.require(consultCallId);
    // REFER with Replaces needs the consultation dialog confirmed (sip.js #874).
    if (consult.session.state !== SessionState.Established) throw new Error('The consultation call is not connected yet');
    await this.referAndLeave(callId, customer.session, consult.session);
  }

  async cancelConsult(callId: string, consultCallId: string): Promise<void> {
    const consult = this.calls.get(consultCallId);
    if (consult && consult.call.state !== 'ended') await this.hangup(consultCallId);
    await this.hold(callId, false);
  }

  /**
   * REFER, then hang up once the far end reports the new call connected (NOTIFY 200), or after a
   * grace period: a far end that never NOTIFYs must not keep the agent on the line.
   */
  private async referAndLeave(callId: string, session: Session, target: URI | Session): Promise<void> {
    let finished = false;
    const leave = () => {
      if (finished) return;
      finished = true;
      this.noteEndReason(callId, 'transferred');
      if (session.state === SessionState.Established) void session.bye().catch(logFailure('softphone.line', 'BYE after a transfer failed'));
    };
    await new Promise<void>((resolve, reject) => {
      void session
        .refer(target, {
          requestDelegate: {
            onAccept: () => {
              setTimeout(leave, 8_000);
              resolve();
            },
            onReject: (response) => reject(new Error(`REFER ${response.message.statusCode}`)),
          },
          onNotify: (notification) => {
            void notification.accept();
            const status = /SIP\/2\.0\s+(\d{3})/.exec(notification.request.body ?? '')?.[1];
            if (status && Number(status) >= 200) leave();
          },
        })
        .catch(reject);
    });
  }

  // ── media ──

  async setAudioDevices(devices: AudioDevices): Promise<void> {
    this.devices = { ...this.devices, ...devices };
    if (devices.input !== undefined) this.microphone.warm(devices.input || undefined);
    for (const tracked of this.calls.values()) {
      if (devices.output !== undefined) await setSink(tracked.audio, devices.output);
      if (devices.input === undefined || tracked.session.state !== SessionState.Established) continue;
      // replaceTrack switches the microphone without a re-INVITE (a re-INVITE would add a second
      // audio line: sip.js #664).
      const pc = peerConnectionOf(tracked.session);
      const sender = pc?.getSenders().find((candidate) => candidate.track?.kind === 'audio');
      if (!sender) continue;
      const stream = await this.microphone.callStream(this.devices.input || undefined);
      const [track] = stream.getAudioTracks();
      if (!track) continue;
      track.enabled = !tracked.call.muted && tracked.call.state !== 'held';
      const old = sender.track;
      await sender.replaceTrack(track);
      old?.stop();
    }
  }

  async stats(callId: string): Promise<CallMediaStats | undefined> {
    const tracked = this.calls.get(callId);
    const pc = tracked && peerConnectionOf(tracked.session);
    if (!pc) return undefined;
    return readStats(pc);
  }

  // ── bookkeeping ──

  private track(call: LineCall, session: Session): void {
    const audio = new Audio();
    audio.autoplay = true;
    if (this.devices.output) void setSink(audio, this.devices.output);
    const tracked: TrackedCall = { call, session, audio, infoDigits: new SerialQueue() };
    this.calls.set(call.id, tracked);
    this.events.emit('call', call);
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        this.attachRemoteAudio(tracked);
        const current = this.calls.get(call.id)?.call;
        if (current && current.state !== 'held') this.update(call.id, { state: 'connected', answeredAt: current.answeredAt ?? Date.now() });
      }
      if (state === SessionState.Terminated) {
        audio.srcObject = null;
        const current = this.calls.get(call.id)?.call;
        this.update(call.id, { state: 'ended', endedAt: Date.now(), endReason: current?.endReason ?? 'remote' });
        this.calls.delete(call.id);
      }
    });
  }

  private attachRemoteAudio(tracked: TrackedCall): void {
    const handler = tracked.session.sessionDescriptionHandler as SessionDescriptionHandler | undefined;
    if (!handler) return;
    tracked.audio.srcObject = handler.remoteMediaStream;
    void tracked.audio.play().catch(logFailure('softphone.audio', 'the remote audio did not start playing'));
  }

  /** Remembers why a call is ending without announcing it: the 'ended' event carries it. */
  private noteEndReason(callId: string, endReason: string): void {
    const tracked = this.calls.get(callId);
    if (tracked && tracked.call.state !== 'ended') tracked.call = { ...tracked.call, endReason };
  }

  private update(callId: string, patch: Partial<LineCall>): void {
    const tracked = this.calls.get(callId);
    if (!tracked) return;
    if (tracked.call.state === 'ended') return;
    tracked.call = { ...tracked.call, ...patch };
    this.events.emit('call', tracked.call);
  }

  private require(callId: string): TrackedCall {
    const tracked = this.calls.get(callId);
    if (!tracked) throw new Error(`No such call: ${callId}`);
    return tracked;
  }

  private enableSender(tracked: TrackedCall, enabled: boolean): void {
    peerConnectionOf(tracked.session)
      ?.getSenders()
      .forEach((sender) => {
        if (sender.track) sender.track.enabled = enabled;
      });
  }

  private audioConstraint(): MediaTrackConstraints | boolean {
    return this.devices.input ? { deviceId: { exact: this.devices.input } } : true;
  }

  private constraints(): MediaStreamConstraints {
    return { audio: this.audioConstraint(), video: false };
  }

  /** `13812341234`, `sip:2001@host`, `tel:+86 138…` → a SIP URI in the agent's domain. */
  private targetUri(input: string): URI | undefined {
    const trimmed = input.trim();
    if (/^sips?:/i.test(trimmed)) return UserAgent.makeURI(trimmed);
    const number = trimmed.replace(/^tel:/i, '').replace(/[\s()-]/g, '');
    if (!/^\+?[0-9*#]{1,32}$/.test(number)) return undefined;
    return UserAgent.makeURI(`sip:${number}@${this.options.account.domain}`);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.wantRegistered = false;
    this.stopKeepAlive();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.proxyWatch.stop();
    this.removeWindowListeners();
    for (const tracked of [...this.calls.values()]) await this.hangup(tracked.call.id).catch(logFailure('softphone.line', 'hanging up on close failed'));
    // Unregister before closing so no stale contact is left on the proxy.
    if (this.registerer?.state === RegistererState.Registered) await this.registerer.unregister().catch(logFailure('softphone.line', 'un-REGISTER on close was not answered', 'info'));
    this.disposed = true;
    this.microphone.release();
    await this.ua.stop().catch(logFailure('softphone.line', 'stopping the user agent failed', 'info'));
    this.events.clear();
  }
}
