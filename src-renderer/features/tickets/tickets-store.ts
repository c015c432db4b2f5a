import { create } from 'zustand';
import type { CallContextInput, Draft, TicketDetail, TicketListQuery } from '../../../src-shared/ipc/tickets.js';
import type { ChannelName, RequestOf } from '../../../src-shared/ipc/contract.js';
import type { AppError } from '../../../src-shared/result.js';
import type { CodeLeaf } from '../../../src-shared/tickets/codes.js';
import type { FieldValue, FormSchema, FormValues } from '../../../src-shared/tickets/form-schema.js';
import { invoke, subscribe } from '../../platform/workstation.js';
import { useTicketLink, type TicketPrefill } from '../../app/call-context.js';

// State of the tickets work area: published config, open tabs (list, drafts, tickets), and the
// drafts being typed. Drafts are written to main (SQLite) at most DRAFT_SAVE_DELAY_MS after a change.

/** Changes are batched for this long, then written; the first change of a batch starts the clock, so no draft waits longer. */
export const DRAFT_SAVE_DELAY_MS = 300;

export type Tab = { key: string; kind: 'list' } | { key: string; kind: 'draft'; draftId: string } | { key: string; kind: 'ticket'; ticketId: string };

export interface DraftState {
  draft: Draft;
  values: FormValues;
  focusField: string | null;
  /** Whether every problem is shown (after a submit attempt); otherwise only those of touched fields. */
  showAllErrors: boolean;
  /**
   * Fields the agent changed and then left: their problems show. Passing over an empty field (Tab,
   * or a click elsewhere) does not: the message would appear under the cursor mid-click, shift the
   * form and swallow the click.
   */
  touched: Record<string, true>;
  /** Fields the agent changed in this form. */
  edited: Record<string, true>;
  savedAt: string | null;
  saving: boolean;
  submitting: boolean;
  /** Problems main or the server found that the local engine did not (stale forms). */
  serverIssues: Record<string, string>;
  error: AppError | null;
}

export type ListFilters = Omit<TicketListQuery, 'offset' | 'limit'>;

interface TicketsState {
  forms: FormSchema[];
  codes: Record<string, CodeLeaf[]>;
  loaded: boolean;
  tabs: Tab[];
  active: string;
  drafts: Record<string, DraftState>;
  details: Record<string, TicketDetail>;
  filters: ListFilters;
  /** Bumped when tickets change, so the list refetches what it shows. */
  listVersion: number;
  notice: string | null;
  start(): () => void;
  loadConfig(): Promise<void>;
  newDraft(formId: string, call?: CallContextInput): Promise<void>;
  openFromCall(call: CallContextInput): Promise<void>;
  /** A script's ticket link: the form of that type, pre-filled, tied to the call (its open draft if there is one). */
  openPrefilled(prefill: TicketPrefill): Promise<void>;
  setValue(draftId: string, field: string, value: FieldValue): void;
  setFocus(draftId: string, field: string): void;
  touch(draftId: string, field: string): void;
  flushDraft(draftId: string): Promise<void>;
  /** `resolve`: submit as 已解决 in one step (forms with resolvedOnSubmit, when it holds). */
  submit(draftId: string, options?: { resolve?: boolean }): Promise<boolean>;
  discard(draftId: string): Promise<void>;
  openTicket(ticketId: string): Promise<void>;
  refreshTicket(ticketId: string): Promise<void>;
  act<C extends Extract<ChannelName, `tickets.${string}`>>(channel: C, request: RequestOf<C>): Promise<AppError | null>;
  editRejected(ticketId: string): Promise<void>;
  activate(key: string): void;
  closeTab(key: string): void;
  setFilters(patch: Partial<ListFilters>): void;
}

const saveTimers = new Map<string, ReturnType<typeof setTimeout>>();
const LIST_TAB: Tab = { key: 'list', kind: 'list' };

export const useTickets = create<TicketsState>((set, get) => {
  const patchDraft = (draftId: string, patch: Partial<DraftState> | ((state: DraftState) => Partial<DraftState>)) =>
    set((state) => {
      const current = state.drafts[draftId];
      if (!current) return {};
      const next = typeof patch === 'function' ? patch(current) : patch;
      return { drafts: { ...state.drafts, [draftId]: { ...current, ...next } } };
    });

  const addDraftTab = (draft: Draft, activate = true) =>
    set((state) => {
      const key = `draft:${draft.id}`;
      const tabs = state.tabs.some((tab) => tab.key === key) ? state.tabs : [...state.tabs, { key, kind: 'draft' as const, draftId: draft.id }];
      const drafts = state.drafts[draft.id]
        ? state.drafts
        : {
            ...state.drafts,
            [draft.id]: { draft, values: draft.values, focusField: draft.focusField, showAllErrors: false, touched: {}, edited: {}, savedAt: draft.updatedAt, saving: false, submitting: false, serverIssues: {}, error: null },
          };
      return { tabs, drafts, active: activate ? key : state.active };
    });

  const scheduleSave = (draftId: string) => {
    if (saveTimers.has(draftId)) return;
    saveTimers.set(
      draftId,
      setTimeout(() => void get().flushDraft(draftId), DRAFT_SAVE_DELAY_MS),
    );
  };

  return {
    forms: [],
    codes: {},
    loaded: false,
    tabs: [LIST_TAB],
    active: 'list',
    drafts: {},
    details: {},
    filters: { scope: 'mine', sort: 'created_desc' },
    listVersion: 0,
    notice: null,

    start() {
      // Everything on screen comes from the store main has open: after a new sign-in, and after
      // entering or leaving training (the sandbox), nothing of the other store's tickets stays.
      const reload = () => {
        set({ tabs: [LIST_TAB], active: 'list', drafts: {}, details: {}, notice: null, filters: { scope: 'mine', sort: 'created_desc' }, listVersion: get().listVersion + 1 });
        void (async () => {
          await get().loadConfig();
          // Reopen what was being typed when the app last stopped (a crash included), newest last.
          const drafts = await invoke('tickets.drafts', {});
          if (drafts.ok) {
            for (const draft of [...drafts.value].reverse()) addDraftTab(draft, true);
          }
        })();
      };
      reload();
      const stopTickets = subscribe('tickets.changed', ({ ids }) => {
        set((state) => ({ listVersion: state.listVersion + 1 }));
        for (const id of ids) if (get().details[id]) void get().refreshTicket(id);
      });
      const stopConfig = subscribe('tickets.configChanged', () => void get().loadConfig());
      const stopTraining = subscribe('training.changed', reload);
      // The script panel's ticket link (T) opens this form.
      useTicketLink.getState().setOpener((prefill) => void get().openPrefilled(prefill));
      const flushAll = () => {
        for (const draftId of saveTimers.keys()) void get().flushDraft(draftId);
      };
      window.addEventListener('pagehide', flushAll);
      return () => {
        stopTickets();
        stopConfig();
        stopTraining();
        useTicketLink.getState().setOpener(null);
        window.removeEventListener('pagehide', flushAll);
      };
    },

    async loadConfig() {
      const result = await invoke('tickets.config', {});
      if (result.ok) set({ forms: result.value.forms, codes: result.value.codes, loaded: true });
    },

    async newDraft(formId, call) {
      const result = await invoke('tickets.newDraft', call ? { formId, call } : { formId });
      if (result.ok) addDraftTab(result.value);
      else set({ notice: result.error.message });
    },

    async openFromCall(call) {
      if (get().forms.length === 0) await get().loadConfig();
      const result = await invoke('tickets.openFromCall', call);
      if (result.ok) addDraftTab(result.value);
      else set({ notice: result.error.message });
    },

    async openPrefilled(prefill) {
      if (get().forms.length === 0) await get().loadConfig();
      const form = get().forms.find((candidate) => candidate.type === prefill.type) ?? get().forms.find((candidate) => candidate.id === prefill.type);
      if (!form) {
        set({ notice: `没有 ${prefill.type} 类型的工单表单 (no ticket form of type ${prefill.type})` });
        return;
      }
      // Pressing T again during the same call goes back to the draft already started for it.
      const callId = prefill.call?.callId;
      const open = callId ? Object.values(get().drafts).find((state) => state.draft.formId === form.id && state.draft.call?.callId === callId) : undefined;
      if (open) {
        set({ active: `draft:${open.draft.id}` });
        return;
      }
      const call = prefill.call ? { callId: prefill.call.callId, number: prefill.call.number, startedAt: prefill.call.startedAt } : undefined;
      const result = await invoke('tickets.newDraft', { formId: form.id, prefill: prefill.fields, ...(call ? { call } : {}) });
      if (result.ok) addDraftTab(result.value);
      else set({ notice: result.error.message });
    },

    setValue(draftId, field, value) {
      patchDraft(draftId, (state) => {
        const serverIssues = { ...state.serverIssues };
        delete serverIssues[field];
        return { values: { ...state.values, [field]: value }, serverIssues, edited: state.edited[field] ? state.edited : { ...state.edited, [field]: true } };
      });
      scheduleSave(draftId);
    },

    setFocus(draftId, field) {
      if (get().drafts[draftId]?.focusField === field) return;
      patchDraft(draftId, { focusField: field });
      scheduleSave(draftId);
    },

    touch(draftId, field) {
      patchDraft(draftId, (state) => (state.touched[field] || !state.edited[field] ? {} : { touched: { ...state.touched, [field]: true } }));
    },

    async flushDraft(draftId) {
      clearTimeout(saveTimers.get(draftId));
      saveTimers.delete(draftId);
      const state = get().drafts[draftId];
      if (!state) return;
      patchDraft(draftId, { saving: true });
      const result = await invoke('tickets.saveDraft', { id: draftId, values: state.values, focusField: state.focusField });
      patchDraft(draftId, result.ok ? { saving: false, savedAt: result.value.savedAt } : { saving: false, error: result.error });
    },

    async submit(draftId, options = {}) {
      await get().flushDraft(draftId);
      patchDraft(draftId, { submitting: true, showAllErrors: true, error: null });
      const result = await invoke('tickets.submitDraft', { id: draftId, ...(options.resolve ? { resolve: true } : {}) });
      if (!result.ok) {
        const serverIssues = Object.fromEntries((result.error.issues ?? []).map((issue) => [issue.path, issue.message]));
        patchDraft(draftId, { submitting: false, serverIssues, error: result.error });
        return false;
      }
      const submitted = get().drafts[draftId];
      const form = get().forms.find((candidate) => candidate.id === submitted?.draft.formId);
      if (submitted && form) {
        // Training scores what was submitted on its call; files and empty fields are not compared.
        const fields = Object.fromEntries(
          Object.entries(submitted.values).filter((entry): entry is [string, string | number | string[]] => {
            const value = entry[1];
            return typeof value === 'string' || typeof value === 'number' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
          }),
        );
        useTicketLink.getState().reportSubmitted({ type: form.type, fields, callId: submitted.draft.call?.callId ?? null });
      }
      set((current) => {
        const drafts = { ...current.drafts };
        delete drafts[draftId];
        return { drafts, tabs: current.tabs.filter((tab) => tab.key !== `draft:${draftId}`), listVersion: current.listVersion + 1 };
      });
      await get().openTicket(result.value.ticketId);
      return true;
    },

    async discard(draftId) {
      clearTimeout(saveTimers.get(draftId));
      saveTimers.delete(draftId);
      await invoke('tickets.discardDraft', { id: draftId });
      set((state) => {
        const drafts = { ...state.drafts };
        delete drafts[draftId];
        const tabs = state.tabs.filter((tab) => tab.key !== `draft:${draftId}`);
        return { drafts, tabs, active: state.active === `draft:${draftId}` ? 'list' : state.active };
      });
    },

    async openTicket(ticketId) {
      const result = await invoke('tickets.get', { id: ticketId });
      if (!result.ok) {
        set({ notice: result.error.message });
        return;
      }
      const key = `ticket:${ticketId}`;
      set((state) => ({
        details: { ...state.details, [ticketId]: result.value },
        tabs: state.tabs.some((tab) => tab.key === key) ? state.tabs : [...state.tabs, { key, kind: 'ticket', ticketId }],
        active: key,
      }));
    },

    async refreshTicket(ticketId) {
      const result = await invoke('tickets.get', { id: ticketId });
      if (result.ok) set((state) => ({ details: { ...state.details, [ticketId]: result.value } }));
    },

    async act(channel, request) {
      const result = await invoke(channel, request);
      if (!result.ok) return result.error;
      const value = result.value as unknown;
      if (value && typeof value === 'object' && 'events' in value && 'id' in value) {
        const detail = value as TicketDetail;
        set((state) => ({ details: { ...state.details, [detail.id]: detail }, listVersion: state.listVersion + 1 }));
      }
      return null;
    },

    async editRejected(ticketId) {
      const result = await invoke('tickets.editRejected', { id: ticketId });
      if (result.ok) addDraftTab(result.value);
      else set({ notice: result.error.message });
    },

    activate(key) {
      set({ active: key });
    },

    closeTab(key) {
      if (key === 'list') return;
      set((state) => {
        const index = state.tabs.findIndex((tab) => tab.key === key);
        const tabs = state.tabs.filter((tab) => tab.key !== key);
        const active = state.active === key ? (tabs[Math.max(0, index - 1)]?.key ?? 'list') : state.active;
        return { tabs, active };
      });
      // A closed draft tab keeps its draft (it is reopened after a restart); flush what was typed.
      if (key.startsWith('draft:')) void get().flushDraft(key.slice(6));
    },

    setFilters(patch) {
      set((state) => ({ filters: { ...state.filters, ...patch } }));
    },
  };
});

/**
 * The function the softphone's call bar calls: during or right after a call, open the form that
 * fits the call, pre-filled with its number and time and linked to its call id.
 */
export function openTicketFromCall(call: CallContextInput): Promise<void> {
  return useTickets.getState().openFromCall(call);
}
