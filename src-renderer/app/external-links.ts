import { useEffect } from 'react';

/**
 * A link to another site (in a handbook article, a script, a ticket) never navigates the
 * workstation away. Browser mode: a new tab, without a reference back to this one (noopener,
 * noreferrer). Electron: the request reaches main's window-open handler, which opens only
 * allowlisted https hosts, after the agent confirms, in the system browser.
 */
export function useExternalLinks(): void {
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest?.('a[href]');
      if (!link) return;
      let url: URL;
      try {
        url = new URL(link.getAttribute('href') ?? '', location.href);
      } catch {
        return;
      }
      if (url.origin === location.origin || !/^https?:$/.test(url.protocol)) return;
      event.preventDefault();
      window.open(url.href, '_blank', 'noopener,noreferrer');
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, []);
}
