import { useEffect } from 'react';
import type { CallAction } from '../../../src-shared/ipc/app.js';
import { subscribe } from '../../platform/workstation.js';
import { useDialLink } from './dial-link-store.js';
import { useSoftphone } from './use-softphone.js';

function runCallAction(action: CallAction, openTransfer: () => void): void {
  const softphone = useSoftphone.getState();
  const actions: Record<CallAction, () => void> = {
    answer: () => void softphone.answer(),
    hangup: () => void (softphone.calls[softphone.activeCallId ?? '']?.state === 'ringing' ? softphone.reject() : softphone.hangup()),
    hold: () => void softphone.toggleHold(),
    mute: () => softphone.toggleMute(),
    transfer: openTransfer,
  };
  actions[action]();
}

const KEY_ACTIONS: Record<string, CallAction> = { KeyA: 'answer', KeyH: 'hangup', KeyO: 'hold', KeyM: 'mute', KeyT: 'transfer' };

/**
 * Window shortcuts for the call controls (Alt+A answer, Alt+H hang up, Alt+O hold, Alt+M mute,
 * Alt+T transfer). Alt combinations do not collide with typing in ticket forms; `code` keeps them
 * working with a Chinese IME or another keyboard layout.
 */
export function useSoftphoneShortcuts(openTransfer: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const action = KEY_ACTIONS[event.code];
      if (!action) return;
      event.preventDefault();
      runCallAction(action, openTransfer);
    };
    window.addEventListener('keydown', onKey);
    // Electron's global shortcuts (configurable) work while another application has the focus.
    const stopGlobal = subscribe('app.shortcut', ({ action }) => runCallAction(action, openTransfer));
    return () => {
      window.removeEventListener('keydown', onKey);
      stopGlobal();
    };
  }, [openTransfer]);
}

/**
 * tel:, sip: and sips: links anywhere in the app (handbook, tickets) and those the OS hands to the
 * desktop app never dial at once: the centre's dial policy is checked, then the agent confirms the
 * number (DialLinkPrompt).
 */
export function useTelLinks(): void {
  useEffect(() => {
    const offer = (link: string) => useDialLink.getState().offer(link, useSoftphone.getState().config.dialPolicy);
    const onClick = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest?.('a[href]');
      const href = link?.getAttribute('href') ?? '';
      if (!/^(tel|sips?):/i.test(href)) return;
      event.preventDefault();
      offer(href);
    };
    document.addEventListener('click', onClick);
    // A second instance's command line: the whole link as the OS passed it.
    const stopOsLinks = subscribe('app.dial', ({ target }) => offer(target));
    return () => {
      document.removeEventListener('click', onClick);
      stopOsLinks();
    };
  }, []);
}
