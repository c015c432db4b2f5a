import { create } from 'zustand';
import type { DtmfMode, SipAccount, SoftphoneConfig } from '../../../src-shared/domain/softphone.js';
import type { CallKpis, CallRecord, ScreenPop } from '../../../src-shared/domain/calls.js';
import { buildCallRecord, withAfterCallWork } from '../../../src-shared/calls/call-record.js';
import {
  incomingCallDecision,
  initialAgentState,
  transition,
  type AgentEvent,
  type AgentState,
} from '../../../src-shared/softphone/agent-state.js';
import { estimateMos, MosWatch } from '../../../src-shared/softphone/mos.js';
import { DEFAULT_DIAL_POLICY } from '../../../src-shared/softphone/dial-string.js';
import { invoke } from '../../platform/workstation.js';
import type { CallMediaStats, Line, LineCall, RegistrationState, TransportState } from './line.js';
import { DTMF_PREF, loadDevicePrefs, saveDevicePrefs, type DevicePrefs } from './preferences.js';
import { reloadForSipServer } from '../../platform/page-csp.js';
import { SipLine } from './sip-line.js';

export type { DevicePrefs } from './preferences.js';

/** Per-call bookkeeping for the call record (hold time accumulates across hold/resume). */
interface CallBook {
  holdSeconds: number;
  heldSince?: number;
}

export interface Quality {
  mos: number | null;
  low: boolean;
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
  devices: DevicePrefs;
  dtmfMode: DtmfMode;

  /** Puts a different line behind the call bar (training swaps in a SimulatedLine); returns the previous one. */
  setLine(line: Line | null): Line | null;
  /** Loads the agent's SIP account from main and registers a SipLine. */
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
  setNotice(notice: string | null): void;
  setDevices(devices: DevicePrefs): Promise<void>;
  setDtmfMode(mode: DtmfMode): void;
  /** Saves (or with null clears) the agent's local line override in main, then re-registers. */
  setOverride(override: { wsUrl?: string; user?: string; password?: string } | null): Promise<boolean>;
}

const DEFAULT_CONFIG: SoftphoneConfig = { afterCallWorkSeconds: 30, notReadyReasons: [{ code: 'break', zh: '小休', en: 'Break' }], dialPolicy: DEFAULT_DIAL_POLICY };

let unsubscribeLine: (() => void) | undefined;
const books = new Map<string, CallBook>();
/** Calls refused with 486 before they rang: only their end is recorded. */
const refused = new Set<string>();
let qualityTimer: ReturnType<typeof setInterval> | undefined;

export const useSoftphone = create<SoftphoneState>((set, get) => {
  /** Applies an agent-state event; a real change is reported to main (local log + outbox + centre). */
  const agentEvent = (event: AgentEvent, now = Date.now()): boolean => {
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

  const finishWrapUp = (now: number) => {
    const record = get().wrapUp;
    if (!record?.endAt) return;
    set({ wrapUp: null });
    void invoke('calls.save', withAfterCallWork(record, now)).then(() => get().refreshKpis());
  };

  const recordOf = (call: LineCall, book: CallBook | undefined): CallRecord =>
    buildCallRecord({
      id: call.id,
      direction: call.direction,
      number: call.remoteNumber,
      ringingAt: call.ringingAt,
      answeredAt: call.answeredAt,
      endedAt: call.state === 'ended' ? (call.endedAt ?? Date.now()) : undefined,
      endReason: call.endReason,
      holdSeconds: book?.holdSeconds ?? 0,
    });

  const startQuality = (callId: string) => {
    stopQuality();
    const watch = new MosWatch(3);
    let previous: CallMediaStats | undefined;
    qualityTimer = setInterval(() => {
      void get()
        .line?.stats?.(callId)
        .then((stats) => {
          if (!stats) return;
          const received = stats.packetsReceived - (previous?.packetsReceived ?? 0);
          const lost = stats.packetsLost - (previous?.packetsLost ?? 0);
          previous = stats;
          const mos = estimateMos({
            jitterSeconds: stats.jitter,
            lossFraction: received + lost > 0 ? lost / (received + lost) : 0,
            roundTripSeconds: stats.roundTripTime,
          });
          set({ quality: { mos, low: watch.push(mos) } });
        });
    }, 2_000);
  };
  const stopQuality = () => {
    if (qualityTimer) clearInterval(qualityTimer);
    qualityTimer = undefined;
  };

  const onCall = (call: LineCall) => {
    const state = get();
    const known = state.calls[call.id];
    const now = Date.now();

    if (refused.has(call.id)) {
      if (call.state !== 'ended') return;
      refused.delete(call.id);
      books.delete(call.id);
      void invoke('calls.save', recordOf({ ...call, endReason: call.endReason ?? '486' }, undefined)).then(() => get().refreshKpis());
      return;
    }

    if (!known && call.state !== 'ended') {
      books.set(call.id, { holdSeconds: 0 });
      if (call.direction === 'inbound') {
        // Only one customer at a time, and only when ready: everything else is 486 Busy Here.
        if (state.activeCallId || incomingCallDecision(state.agent).action === 'reject') {
          refused.add(call.id);
          void state.line?.reject(call.id, 486);
          return;
        }
        agentEvent({ type: 'incoming' }, now);
        set({ calls: { ...state.calls, [call.id]: call }, activeCallId: call.id, screenPop: null, quality: { mos: null, low: false } });
        void invoke('calls.screenPop', { number: call.remoteNumber }).then((result) => {
          if (result.ok && get().activeCallId === call.id) set({ screenPop: { number: call.remoteNumber, pop: result.value } });
        });
        if (state.account?.autoAnswer) void get().answer();
        return;
      }
      if (call.consultFor) {
        set({ calls: { ...state.calls, [call.id]: call }, consultCallId: call.id });
        return;
      }
      agentEvent({ type: 'dial' }, now);
      set({ calls: { ...state.calls, [call.id]: call }, activeCallId: call.id, screenPop: null, quality: { mos: null, low: false } });
      return;
    }

    const book = books.get(call.id);
    if (book && known) {
      if (call.state === 'held' && known.state !== 'held') book.heldSince = now;
      if (call.state !== 'held' && known.state === 'held' && book.heldSince) {
        book.holdSeconds += (now - book.heldSince) / 1000;
        book.heldSince = undefined;
      }
    }

    if (call.state === 'ended') {
      if (book?.heldSince) book.holdSeconds += (now - book.heldSince) / 1000;
      const { [call.id]: _ended, ...rest } = get().calls;
      books.delete(call.id);
      if (call.id === get().consultCallId) {
        set({ calls: rest, consultCallId: null });
        return;
      }
      const record = recordOf(call, book);
      if (!known) return;
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
      void invoke('calls.save', record).then(() => get().refreshKpis());
      return;
    }

    set({ calls: { ...get().calls, [call.id]: call } });
    if (call.id === get().activeCallId && call.state === 'connected' && known?.state !== 'connected' && known?.state !== 'held') {
      if (call.direction === 'inbound') agentEvent({ type: 'answered' }, call.answeredAt ?? now);
      startQuality(call.id);
      // Saved as soon as it connects, so a ticket created during the call can be linked to it.
      void invoke('calls.save', recordOf(call, books.get(call.id)));
    }
  };

  const guarded = async (action: () => Promise<void> | void) => {
    try {
      await action();
    } catch (error) {
      set({ notice: `softphone.error|${error instanceof Error ? error.message : String(error)}` });
    }
  };

  return {
    line: null,
    registration: 'unregistered',
    transport: 'disconnected',
    account: null,
    accountSource: 'none',
    config: DEFAULT_CONFIG,
    agent: initialAgentState(Date.now()),
    calls: {},
    activeCallId: null,
    consultCallId: null,
    screenPop: null,
    kpis: null,
    quality: { mos: null, low: false },
    notice: null,
    wrapUp: null,
    devices: loadDevicePrefs(),
    dtmfMode: (localStorage.getItem(DTMF_PREF) as DtmfMode | null) ?? 'rfc4733',

    setLine(line) {
      const previous = get().line;
      unsubscribeLine?.();
      unsubscribeLine = undefined;
      stopQuality();
      books.clear();
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
      const result = await invoke('softphone.account', { refresh: true });
      if (!result.ok) return;
      const { account, config, source } = result.value;
      const dtmfPref = localStorage.getItem(DTMF_PREF) as DtmfMode | null;
      set({ account, config, accountSource: source, dtmfMode: dtmfPref ?? account?.dtmfMode ?? 'rfc4733' });
      void get().refreshKpis();
      if (!account) return;
      if (reloadForSipServer(account.wsUrl)) return;
      // Another line owns the call bar (training's simulated line): the settings apply once it hands the bar back.
      const current = get().line;
      if (current && !(current instanceof SipLine)) return;
      const line = new SipLine({
        account,
        password: async () => {
          const credential = await invoke('softphone.credential', {});
          if (!credential.ok) throw new Error(credential.error.message);
          return credential.value.password;
        },
        devices: { input: get().devices.input, output: get().devices.output },
        dtmfMode: () => get().dtmfMode,
      });
      await get().line?.dispose();
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
    tick(now = Date.now()) {
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
    setNotice(notice) {
      set({ notice });
    },
    async setDevices(devices) {
      set({ devices });
      saveDevicePrefs(devices);
      await get()
        .line?.setAudioDevices?.({ input: devices.input ?? '', output: devices.output ?? '' })
        .catch(() => set({ notice: 'softphone.devices.unplugged' }));
    },
    setDtmfMode(mode) {
      localStorage.setItem(DTMF_PREF, mode);
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
