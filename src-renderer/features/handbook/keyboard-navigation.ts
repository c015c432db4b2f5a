// Arrow-key navigation between the pane's items (search results, list entries, favourites, recent)
// and back to the search box. Items are the buttons marked data-nav-item inside the pane.

export const NAV_ITEM = 'data-nav-item';

export function moveFocus(pane: HTMLElement | null, direction: 1 | -1, searchBox: HTMLInputElement | null): void {
  if (!pane) return;
  // The browsing view stays in the DOM, hidden, while searching or reading: skip what is hidden.
  const items = [...pane.querySelectorAll<HTMLElement>(`[${NAV_ITEM}]`)].filter((item) => !item.closest('[hidden]'));
  const current = items.indexOf(document.activeElement as HTMLElement);
  const next = current + direction;
  if (next < 0) searchBox?.focus();
  else items[Math.min(next, items.length - 1)]?.focus();
}

/** True when the key press is typing into a field (then `/` is a character, not a shortcut). */
export function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName));
}
