// The softphone's zustand store: a thin adapter between the call bar and a `Line`. It routes the
// line's events to one `CallSession` per call, to the agent state machine and to main; the rules
// live elsewhere (call records in src-shared/calls, agent states in src-shared/softphone, call
// timelines in call-session.ts, live quality in quality-monitor.ts). Everything the store needs
// from outside (main over IPC, the line it builds from the account, the clock, preferences) is
// passed in, so tests build a store around a fake line; `use-softphone.ts` wires the app's one.
import { create } from 'zustand';
import type { DtmfMode, SipAccount, SoftphoneConfig } from '../../../src-shared/domain/softphone.js';
import type { CallKpis, CallRecord, ScreenPop } from '../../../src-shared/domain/calls.js';
import type { ChannelName, RequestOf, ResponseOf } from '../../../src-shared/ipc/contract.js';
import type { AppError, Result } from '../../../src-shared/result.js';
import { withAfterCallWork } from '../../../src-shared/calls/call-record.js';
import {
  incomingCallDecision,
  initialAgentState,
  transition,
  type AgentEvent,
  type AgentState,
} from '../../../src-shared/softphone/agent-state.js';
import { DEFAULT_DIAL_POLICY } from '../../../src-shared/softphone/dial-string.js';
import { CallSession, type Clock } from './call-session.js';
import type { AudioDevices, Line, LineCall, RegistrationState, TransportState } from './line.js';
import type { DevicePrefs } from './preferences.js';
import { NO_QUALITY, QualityMonitor, type Every, type Quality } from './quality-monitor.js';

export type { DevicePrefs } from './preferences.js';
export type { Quality } from './quality-monitor.js';

export type Invoke = <C extends ChannelName>(channel: C, request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;

/** What the store takes from its surroundings. */
export interface SoftphoneDeps {
  /** Main, through the IPC contract. */
  invoke: Invoke;
  /** The agent's own line for a provisioned account (the app builds a SipLine). */
  createLine(account: SipAccount, options: { devices: AudioDevices; dtmfMode: () => DtmfMode }): Line;
  clock: Clock;
  /** Device ids and the DTMF mode kept on this machine (nothing secret). */
  prefs: {
    devices(): DevicePrefs;
    saveDevices(devices: DevicePrefs): void;
    dtmfMode(): DtmfMode | null;
    saveDtmfMode(mode: DtmfMode): void;
  };
  /** True when the page reloads to be allowed to reach the account's SIP server; start() stops there. */
  reloadForSipServer(wsUrl: string): boolean;
  /** The quality monitor's timer (setInterval in the app). */
  every?: Every;
}

/** A call record main did not take: shown to the agent and kept for another try, never dropped. */
export interface UnsavedCall {
  record: CallRecord;
  /** Main's answer (its code is what the agent sees, translated; the message is for support). */
  error: AppError;
}

export interface SoftphoneState {
  line: Line | null;
  registration: RegistrationState;
  transport: TransportState;
  account: SipAccount | null;
  accountSource: 'server' | 'cache' | 'override' | 'none';
  config: SoftphoneConfig;
  agent: AgentState;
  /** Calls not yet ended, by id. */
  calls: Record<string, LineCall>;
  /** The customer's call (ringing, talking or held). */
  activeCallId: string | null;
  /** Attended transfer: the call to the third party. */
  consultCallId: string | null;
  screenPop: { number: string; pop: ScreenPop } | null;
  kpis: CallKpis | null;
  quality: Quality;
  /** A message key for the notice line (device unplugged, action failed…). */
  notice: string | null;
  /**
   * The last ended call, kept until after-call work ends so its ACW time can be recorded. Features
   * that link to "the call" (a ticket, script compliance) use `activeCallId ?? wrapUp?.id` with
   * the `calls.annotate` channel.
   */
  wrapUp: CallRecord | null;
  /** Call records `calls.save` refused or could not deliver, newest record per call, oldest call first. */
  unsavedCalls: UnsavedCall[];
  devices: DevicePrefs;
  dtmfMode: DtmfMode;

  /** Puts a different line behind the call bar (training swaps in a SimulatedLine); returns the previous one. */
  setLine(line: Line | null): Line | null;
  /** Loads the agent's SIP account from main and registers the agent's own line. */
  start(): Promise<void>;
  stop(): Promise<void>;
  goReady(): void;
  goNotReady(reason: string): void;
  tick(now?: number): void;
  answer(): Promise<void>;
  reject(): Promise<void>;
  hangup(): Promise<void>;
  toggleHold(): Promise<void>;
  toggleMute(): void;
  dial(number: string): Promise<void>;
  sendDtmf(tones: string): Promise<void>;
  blindTransfer(target: string): Promise<void>;
  consult(target: string): Promise<void>;
  completeTransfer(): Promise<void>;
  cancelConsult(): Promise<void>;
  refreshKpis(): Promise<void>;
  /** Sends the unsaved call records again; those main takes leave the list. */
  retryUnsavedCalls(): Promise<void>;
  setNotice(notice: string | null): void;
  setDevices(devices: DevicePrefs): Promise<void>;
  setDtmfMode(mode: DtmfMode): void;
  /** Saves (or with null clears) the agent's local line override in main, then re-registers. */
  setOverride(override: { wsUrl?: string; user?: string; password?: string } | null): Promise<boolean>;
}

export const DEFAULT_SOFTPHONE_CONFIG: SoftphoneConfig = {
  afterCallWorkSeconds: 30,
  notReadyReasons: [{ code: 'break', zh: '小休', en: 'Break' }],
  dialPolicy: DEFAULT_DIAL_POLICY,
};

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createSoftphoneStore(deps: SoftphoneDeps) {
  const { invoke, clock } = deps;

  return create<SoftphoneState>((set, get) => {
    // Per store, never per module: a second store (a test, a second window) shares none of it.
    let unsubscribeLine: (() => void) | undefined;
    /** The line this store built from the account; any other line behind the bar is borrowed (training). */
    let accountLine: Line | undefined;
    const sessions = new Map<string, CallSession>();
    /** Calls refused with 486 before they rang: only their end is recorded. */
    const refused = new Set<string>();
    let monitor: QualityMonitor | undefined;

    /** Applies an agent-state event; a real change is reported to main (local log + outbox + centre). */
    const agentEvent = (event: AgentEvent, now = clock.now()): boolean => {
      const { agent, config } = get();
      const result = transition(agent, event, now, {
        afterCallWorkSeconds: config.afterCallWorkSeconds,
        notReadyReasons: config.notReadyReasons.map((reason) => reason.code),
      });
      if (!result.ok) return false;
      if (!result.changed) return true;
      const leavingWrapUp = agent.status === 'afterCallWork' && result.state.status !== 'afterCallWork';
      set({ agent: result.state });
      if (leavingWrapUp) finishWrapUp(now);
      void invoke('softphone.reportState', {
        status: result.state.status,
        ...(result.state.reason ? { reason: result.state.reason } : {}),
        at: new Date(result.state.since).toISOString(),
      });
      return true;
    };

    /** Keeps a record main did not take (replacing an older one of the same call) for the notice and a retry. */
    const noteUnsaved = (record: CallRecord, error: AppError) => {
      const others = get().unsavedCalls.filter((unsaved) => unsaved.record.id !== record.id);
      set({ unsavedCalls: [...others, { record, error }] });
    };

    /** `calls.save`, with a failure shown to the agent instead of lost; true when main took it. */
    const saveCall = async (record: CallRecord, { refreshKpis = true } = {}): Promise<boolean> => {
      let failure: AppError | undefined;
      try {
        const result = await invoke('calls.save', record);
        if (!result.ok) failure = result.error;
      } catch (error) {
        // The IPC transport itself failed (browser mode's socket closed, main gone).
        failure = { code: 'INTERNAL', message: messageOf(error) };
      }
      if (failure) {
        noteUnsaved(record, failure);
        return false;
      }
      const unsaved = get().unsavedCalls;
      // A newer record of the same call supersedes the one that failed.
      if (unsaved.some((entry) => entry.record.id === record.id)) set({ unsavedCalls: unsaved.filter((entry) => entry.record.id !== record.id) });
      if (refreshKpis) await get().refreshKpis();
      return true;
    };

    const finishWrapUp = (now: number) => {
      const record = get().wrapUp;
      if (!record?.endAt) return;
      set({ wrapUp: null });
      void saveCall(withAfterCallWork(record, now));
    };

    const startQuality = (callId: string) => {
      stopQuality();
      monitor = new QualityMonitor({
        stats: () => get().line?.stats?.(callId),
        onQuality: (quality) => set({ quality }),
        every: deps.every,
      });
      monitor.start();
    };
    const stopQuality = () => {
      monitor?.stop();
      monitor = undefined;
    };

    /** A call the line reports for the first time. */
    const onNewCall = (call: LineCall) => {
      const state = get();
      const now = clock.now();
      if (call.direction === 'inbound') {
        // Only one customer at a time, and only when ready: everything else is 486 Busy Here.
        if (state.activeCallId || incomingCallDecision(state.agent).action === 'reject') {
          refused.add(call.id);
          sessions.set(call.id, new CallSession(call, clock));
          void state.line?.reject(call.id, 486);
          return;
        }
        sessions.set(call.id, new CallSession(call, clock));
        agentEvent({ type: 'incoming' }, now);
        set({ calls: { ...state.calls, [call.id]: call }, activeCallId: call.id, screenPop: null, quality: NO_QUALITY });
        void invoke('calls.screenPop', { number: call.remoteNumber }).then((result) => {
          if (result.ok && get().activeCallId === call.id) set({ screenPop: { number: call.remoteNumber, pop: result.value } });
        });
        if (state.account?.autoAnswer) void get().answer();
        return;
      }
      sessions.set(call.id, new CallSession(call, clock));
      if (call.consultFor) {
        set({ calls: { ...state.calls, [call.id]: call }, consultCallId: call.id });
        return;
      }
      agentEvent({ type: 'dial' }, now);
      set({ calls: { ...state.calls, [call.id]: call }, activeCallId: call.id, screenPop: null, quality: NO_QUALITY });
    };

    const onEnded = (session: CallSession) => {
      const call = session.call;
      const now = clock.now();
      sessions.delete(call.id);
      const { [call.id]: _ended, ...rest } = get().calls;
      if (call.id === get().consultCallId) {
        set({ calls: rest, consultCallId: null });
        return;
      }
      const record = session.record();
      if (call.id === get().activeCallId) {
        stopQuality();
        set({ calls: rest, activeCallId: null });
        if (call.answeredAt) {
          agentEvent({ type: 'callEnded' }, now);
          set({ wrapUp: record });
        } else {
          agentEvent({ type: call.direction === 'inbound' ? 'missed' : 'callEnded' }, now);
        }
      } else {
        set({ calls: rest });
      }
      void saveCall(record);
    };

    const onCall = (call: LineCall) => {
      const session = sessions.get(call.id);
      if (!session) {
        // A call first seen already ended was never ours to record.
        if (call.state !== 'ended') onNewCall(call);
        return;
      }
      const change = session.update(call);
      if (refused.has(call.id)) {
        if (change !== 'ended') return;
        refused.delete(call.id);
        sessions.delete(call.id);
        void saveCall(session.record({ endReason: '486' }));
        return;
      }
      if (change === 'ended') return onEnded(session);
      set({ calls: { ...get().calls, [call.id]: call } });
      if (change === 'connected' && call.id === get().activeCallId) {
        if (call.direction === 'inbound') agentEvent({ type: 'answered' }, call.answeredAt ?? clock.now());
        startQuality(call.id);
        // Saved as soon as it connects, so a ticket created during the call can be linked to it.
        void saveCall(session.record(), { refreshKpis: false });
      }
    };

    const guarded = async (action: () => Promise<void> | void) => {
      try {
        await action();
      } catch (error) {
        set({ notice: `softphone.error|${messageOf(error)}` });
      }
    };

    const savedDtmf = deps.prefs.dtmfMode();
    return {
      line: null,
      registration: 'unregistered',
      transport: 'disconnected',
      account: null,
      accountSource: 'none',
      config: DEFAULT_SOFTPHONE_CONFIG,
      agent: initialAgentState(clock.now()),
      calls: {},
      activeCallId: null,
      consultCallId: null,
      screenPop: null,
      kpis: null,
      quality: NO_QUALITY,
      notice: null,
      wrapUp: null,
      unsavedCalls: [],
      devices: deps.prefs.devices(),
      dtmfMode: savedDtmf ?? 'rfc4733',

      setLine(line) {
        const previous = get().line;
        unsubscribeLine?.();
        unsubscribeLine = undefined;
        stopQuality();
        sessions.clear();
        refused.clear();
        set({ line, calls: {}, activeCallId: null, consultCallId: null, registration: 'unregistered', transport: 'disconnected' });
        if (line) {
          const offs = [
            line.on('registration', (registration) => {
              set({ registration });
              if (registration === 'registered' && get().agent.status === 'offline') agentEvent({ type: 'signIn' });
            }),
            line.on('transport', (transport) => set({ transport })),
            line.on('call', onCall),
          ];
          unsubscribeLine = () => offs.forEach((off) => off());
        }
        return previous;
      },

      async start() {
        // The agent is signed in with the session, not with the line: states work (and are
        // reported) before a line registers, and without any line at all.
        agentEvent({ type: 'signIn' });
        const result = await invoke('softphone.account', { refresh: true });
        if (!result.ok) return;
        const { account, config, source } = result.value;
        set({ account, config, accountSource: source, dtmfMode: deps.prefs.dtmfMode() ?? account?.dtmfMode ?? 'rfc4733' });
        void get().refreshKpis();
        if (!account) return;
        if (deps.reloadForSipServer(account.wsUrl)) return;
        // Another line owns the call bar (training's simulated line): the settings apply once it hands the bar back.
        const current = get().line;
        if (current && current !== accountLine) return;
        const line = deps.createLine(account, {
          devices: { input: get().devices.input, output: get().devices.output },
          dtmfMode: () => get().dtmfMode,
        });
        accountLine = line;
        await current?.dispose();
        get().setLine(line);
        await line.register();
      },

      async stop() {
        const line = get().line;
        get().setLine(null);
        agentEvent({ type: 'signOut' });
        await line?.dispose();
      },

      goReady() {
        agentEvent({ type: 'goReady' });
      },
      goNotReady(reason) {
        agentEvent({ type: 'goNotReady', reason });
      },
      tick(now = clock.now()) {
        agentEvent({ type: 'tick' }, now);
      },

      answer: () =>
        guarded(async () => {
          const { line, activeCallId, calls } = get();
          if (line && activeCallId && calls[activeCallId]?.state === 'ringing') await line.answer(activeCallId);
        }),
      reject: () =>
        guarded(async () => {
          const { line, activeCallId, calls } = get();
          if (line && activeCallId && calls[activeCallId]?.state === 'ringing') await line.reject(activeCallId, 603);
        }),
      hangup: () =>
        guarded(async () => {
          const { line, activeCallId, consultCallId } = get();
          if (!line) return;
          if (consultCallId) return get().cancelConsult();
          if (activeCallId) await line.hangup(activeCallId);
        }),
      toggleHold: () =>
        guarded(async () => {
          const { line, activeCallId, calls, consultCallId } = get();
          const call = activeCallId ? calls[activeCallId] : undefined;
          if (!line || !call || consultCallId) return;
          if (call.state === 'connected' || call.state === 'held') await line.hold(call.id, call.state === 'connected');
        }),
      toggleMute() {
        const { line, activeCallId, calls } = get();
        const call = activeCallId ? calls[activeCallId] : undefined;
        if (line && call && call.state !== 'ringing') line.mute(call.id, !call.muted);
      },
      dial: (number) =>
        guarded(async () => {
          const { line, activeCallId } = get();
          if (!line || activeCallId || !number.trim()) return;
          await line.dial(number);
        }),
      sendDtmf: (tones) =>
        guarded(async () => {
          const { line, activeCallId, consultCallId } = get();
          const target = consultCallId ?? activeCallId;
          if (line && target) await line.sendDtmf(target, tones);
        }),
      blindTransfer: (target) =>
        guarded(async () => {
          const { line, activeCallId } = get();
          if (line && activeCallId && target.trim()) await line.blindTransfer(activeCallId, target.trim());
        }),
      consult: (target) =>
        guarded(async () => {
          const { line, activeCallId } = get();
          if (line?.consult && activeCallId && target.trim()) await line.consult(activeCallId, target.trim());
        }),
      completeTransfer: () =>
        guarded(async () => {
          const { line, activeCallId, consultCallId } = get();
          if (line?.completeTransfer && activeCallId && consultCallId) await line.completeTransfer(activeCallId, consultCallId);
        }),
      cancelConsult: () =>
        guarded(async () => {
          const { line, activeCallId, consultCallId } = get();
          if (line?.cancelConsult && activeCallId && consultCallId) await line.cancelConsult(activeCallId, consultCallId);
        }),

      async refreshKpis() {
        const result = await invoke('calls.kpis', {});
        if (result.ok) set({ kpis: result.value });
      },
      async retryUnsavedCalls() {
        for (const { record } of get().unsavedCalls) await saveCall(record, { refreshKpis: false });
        await get().refreshKpis();
      },
      setNotice(notice) {
        set({ notice });
      },
      async setDevices(devices) {
        set({ devices });
        deps.prefs.saveDevices(devices);
        await get()
          .line?.setAudioDevices?.({ input: devices.input ?? '', output: devices.output ?? '' })
          .catch(() => set({ notice: 'softphone.devices.unplugged' }));
      },
      setDtmfMode(mode) {
        deps.prefs.saveDtmfMode(mode);
        set({ dtmfMode: mode });
      },
      async setOverride(override) {
        const result = await invoke('softphone.setOverride', { override });
        if (!result.ok) {
          set({ notice: `softphone.error|${result.error.message}` });
          return false;
        }
        await get().start();
        return true;
      },
    };
  });
}

export type SoftphoneStore = ReturnType<typeof createSoftphoneStore>;
