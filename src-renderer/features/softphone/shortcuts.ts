import { useEffect } from 'react';
import { normaliseDialString } from './dial-string.js';
import { useSoftphone } from './softphone-store.js';

/**
 * Window shortcuts for the call controls (Alt+A answer, Alt+H hang up, Alt+O hold, Alt+M mute,
 * Alt+T transfer). Alt combinations do not collide with typing in ticket forms; `code` keeps them
 * working with a Chinese IME or another keyboard layout.
 */
export function useSoftphoneShortcuts(openTransfer: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const softphone = useSoftphone.getState();
      const actions: Record<string, () => void> = {
        KeyA: () => void softphone.answer(),
        KeyH: () => void (softphone.calls[softphone.activeCallId ?? '']?.state === 'ringing' ? softphone.reject() : softphone.hangup()),
        KeyO: () => void softphone.toggleHold(),
        KeyM: () => softphone.toggleMute(),
        KeyT: openTransfer,
      };
      const action = actions[event.code];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openTransfer]);
}

/** tel: and sip: links anywhere in the app (handbook, tickets) dial through the softphone. */
export function useTelLinks(): void {
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest?.('a[href]');
      const href = link?.getAttribute('href') ?? '';
      if (!/^(tel|sips?):/i.test(href)) return;
      event.preventDefault();
      const number = normaliseDialString(decodeURIComponent(href));
      if (number) void useSoftphone.getState().dial(number);
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, []);
}
