import { create } from 'zustand';
import type { SubmittedTicket } from '../../src-shared/training/scorecard.js';

// How a script opens a ticket of its linked type with pre-filled fields, and how training learns
// what was submitted. The tickets feature owns the real form: it registers the opener
// (`setOpener`) while its pane is mounted and reports every submitted ticket (`reportSubmitted`).

/** The call a ticket is about: the form links to it and fills in its number and time. */
export interface TicketCallContext {
  callId: string;
  number: string;
  /** ISO 8601. */
  startedAt: string;
}

/** A script step's ticket link, with placeholders already filled: `type` is a form type (complaint, fault, service, inquiry). */
export interface TicketPrefill extends SubmittedTicket {
  call: TicketCallContext | null;
}

/** A ticket as it was submitted, with the call it belongs to. */
export interface ReportedTicket extends SubmittedTicket {
  callId: string | null;
}

export type TicketOpener = (prefill: TicketPrefill) => void;

interface TicketLinkState {
  opener: TicketOpener | null;
  /** The last ticket submitted (training scores it against the scenario). */
  submitted: ReportedTicket | null;
  setOpener(opener: TicketOpener | null): void;
  /** Opens the real form; false when the tickets pane is not there to open it. */
  open(prefill: TicketPrefill): boolean;
  reportSubmitted(ticket: ReportedTicket): void;
  clear(): void;
}

export const useTicketLink = create<TicketLinkState>((set, get) => ({
  opener: null,
  submitted: null,
  setOpener: (opener) => set({ opener }),
  open(prefill) {
    const opener = get().opener;
    opener?.(prefill);
    return opener !== null;
  },
  reportSubmitted: (ticket) => set({ submitted: ticket }),
  clear: () => set({ submitted: null }),
}));
