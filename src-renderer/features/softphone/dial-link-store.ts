import { create } from 'zustand';
import { parseDialLink, type DialLink, type DialPolicy } from '../../../src-shared/softphone/dial-string.js';

/** A link waiting for the agent: a number to confirm, or the reason it may not be dialled. */
interface DialLinkState {
  pending: (DialLink & { link: string }) | undefined;
  offer(link: string, policy: DialPolicy): void;
  dismiss(): void;
}

export const useDialLink = create<DialLinkState>((set) => ({
  pending: undefined,
  offer: (link, policy) => set({ pending: { ...parseDialLink(link, policy), link: link.slice(0, 120) } }),
  dismiss: () => set({ pending: undefined }),
}));
