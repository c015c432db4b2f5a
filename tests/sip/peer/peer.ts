// A plain sip.js phone for tests: the customer calling the hotline, or the third party an agent
// transfers to. It is a separate page in its own browser context, talking SIP over WebSocket to
// the same Kamailio as the workstation. Tests drive it through `window.peer` with page.evaluate.
import { Invitation, Inviter, Registerer, RegistererState, SessionState, SIPExtension, UserAgent, type Session } from 'sip.js';

interface PeerOptions {
  wsUrl: string;
  domain: string;
  user: string;
  password: string;
  /** Answer incoming calls at once (the third party of a transfer). */
  autoAnswer?: boolean;
  /** Follow REFERs (blind and attended transfer) like a carrier's PBX would. */
  followRefer?: boolean;
}

interface MediaStats {
  bytesReceived: number;
  bytesSent: number;
  packetsReceived: number;
  /** The direction of our audio transceiver as negotiated (sendrecv, recvonly, …). */
  direction: string | null;
}

const log: string[] = [];
const note = (line: string) => log.push(`${Math.round(performance.now())} ${line}`);

class Peer {
  ua: UserAgent | undefined;
  registerer: Registerer | undefined;
  sessions: Session[] = [];
  /** DTMF digits received by SIP INFO (application/dtmf-relay or application/dtmf). */
  dtmf: string[] = [];
  /** Final status of our last outgoing INVITE (e.g. 486 when the agent is not ready). */
  lastFinalStatus: number | null = null;
  incomingCount = 0;
  options: PeerOptions | undefined;

  async start(options: PeerOptions): Promise<void> {
    this.options = options;
    const ua = new UserAgent({
      uri: UserAgent.makeURI(`sip:${options.user}@${options.domain}`),
      transportOptions: { server: options.wsUrl },
      authorizationUsername: options.user,
      authorizationPassword: options.password,
      logBuiltinEnabled: false,
      sipExtensionReplaces: SIPExtension.Supported,
      sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] }, iceGatheringTimeout: 500 },
      delegate: { onInvite: (invitation) => this.onInvite(invitation) },
    });
    this.ua = ua;
    await ua.start();
    const registerer = new Registerer(ua);
    this.registerer = registerer;
    await new Promise<void>((resolve, reject) => {
      registerer.stateChange.addListener((state) => {
        if (state === RegistererState.Registered) resolve();
      });
      void registerer.register({ requestDelegate: { onReject: (response) => reject(new Error(`REGISTER ${response.message.statusCode}`)) } });
    });
    note('registered');
  }

  private onInvite(invitation: Invitation): void {
    this.incomingCount++;
    this.track(invitation);
    note(`incoming from ${invitation.remoteIdentity.uri.user ?? '?'}`);
    const replacee = (invitation as unknown as { replacee?: Session }).replacee;
    if (replacee || this.options?.autoAnswer) {
      void invitation.accept(this.answerOptions()).then(() => {
        // Attended transfer: the new call replaces the consultation call with the agent.
        if (replacee) void replacee.bye().catch(() => undefined);
      });
    }
  }

  private answerOptions() {
    return { sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } };
  }

  private track(session: Session): void {
    this.sessions.push(session);
    session.delegate = {
      onInfo: (info) => {
        const body = info.request.body ?? '';
        const signal = /Signal\s*=\s*([0-9A-D*#])/i.exec(body)?.[1] ?? body.trim();
        if (signal) this.dtmf.push(signal);
        void info.accept();
      },
      onRefer: (referral) => {
        if (!this.options?.followRefer) {
          void referral.reject();
          return;
        }
        void referral.accept().then(() => {
          const inviter = referral.makeInviter({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
          this.track(inviter);
          void inviter.invite().then(() => undefined);
        });
      },
    };
    session.stateChange.addListener((state) => note(`session ${this.sessions.indexOf(session)} ${state}`));
  }

  async call(target: string): Promise<void> {
    const ua = this.ua!;
    const inviter = new Inviter(ua, UserAgent.makeURI(`sip:${target}@${this.options!.domain}`)!, {
      sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
    });
    this.track(inviter);
    this.lastFinalStatus = null;
    await inviter.invite({
      requestDelegate: {
        onAccept: (response) => (this.lastFinalStatus = response.message.statusCode ?? null),
        onReject: (response) => (this.lastFinalStatus = response.message.statusCode ?? null),
      },
    });
  }

  async answer(): Promise<void> {
    const ringing = this.sessions.find((s): s is Invitation => s instanceof Invitation && s.state === SessionState.Initial);
    await ringing?.accept(this.answerOptions());
  }

  /** The current call: the newest session that is established. */
  current(): Session | undefined {
    return [...this.sessions].reverse().find((s) => s.state === SessionState.Established);
  }

  state(): string {
    const session = this.sessions.at(-1);
    return session ? session.state : 'none';
  }

  establishedCount(): number {
    return this.sessions.filter((s) => s.state === SessionState.Established).length;
  }

  async hangup(): Promise<void> {
    const session = this.current();
    if (session) await session.bye();
  }

  async stats(): Promise<MediaStats> {
    const session = this.current();
    const pc = (session?.sessionDescriptionHandler as unknown as { peerConnection?: RTCPeerConnection } | undefined)?.peerConnection;
    const result: MediaStats = { bytesReceived: 0, bytesSent: 0, packetsReceived: 0, direction: null };
    if (!pc) return result;
    const report = await pc.getStats();
    report.forEach((entry: { type: string; kind?: string; bytesReceived?: number; bytesSent?: number; packetsReceived?: number }) => {
      if (entry.type === 'inbound-rtp' && entry.kind === 'audio') {
        result.bytesReceived += entry.bytesReceived ?? 0;
        result.packetsReceived += entry.packetsReceived ?? 0;
      }
      if (entry.type === 'outbound-rtp' && entry.kind === 'audio') result.bytesSent += entry.bytesSent ?? 0;
    });
    result.direction = pc.getTransceivers()[0]?.currentDirection ?? null;
    return result;
  }

  remoteUser(): string | null {
    return this.current()?.remoteIdentity.uri.user ?? null;
  }

  log(): string[] {
    return log;
  }

  async stop(): Promise<void> {
    for (const session of this.sessions) {
      if (session.state === SessionState.Established) await session.bye().catch(() => undefined);
    }
    await this.registerer?.unregister().catch(() => undefined);
    await this.ua?.stop();
  }
}

(window as unknown as { peer: Peer }).peer = new Peer();
document.title = 'sip peer ready';
