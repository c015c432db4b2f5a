import { create } from 'zustand';
import type { SubmittedTicket } from '../../../src-shared/training/scorecard.js';

// How a script opens a ticket of its linked type with pre-filled fields. The tickets feature owns
// the real form: after merging, it calls `useTicketLink.getState().setOpener(...)` with a function
// that opens its form, and reports each saved ticket with `reportSubmitted` (training scores it).
// Until then the stand-in draft (TicketDraftStandIn) records the fields the agent confirms.

export interface TicketPrefill extends SubmittedTicket {
  callId: string | null;
}

export type TicketOpener = (prefill: TicketPrefill) => void;

interface TicketLinkState {
  /** null: no tickets feature yet, so the stand-in draft is used. */
  opener: TicketOpener | null;
  draft: TicketPrefill | null;
  /** The last ticket saved from a call, as the form reports it. */
  submitted: TicketPrefill | null;
  setOpener(opener: TicketOpener | null): void;
  open(prefill: TicketPrefill): void;
  closeDraft(): void;
  reportSubmitted(ticket: TicketPrefill): void;
  clear(): void;
}

export const useTicketLink = create<TicketLinkState>((set, get) => ({
  opener: null,
  draft: null,
  submitted: null,
  setOpener: (opener) => set({ opener }),
  open(prefill) {
    const opener = get().opener;
    if (opener) opener(prefill);
    else set({ draft: prefill });
  },
  closeDraft: () => set({ draft: null }),
  reportSubmitted: (ticket) => set({ submitted: ticket, draft: null }),
  clear: () => set({ draft: null, submitted: null }),
}));
