/**
 * Where focus goes when the control that had it disappears (a screen switch, a closed dialog
 * whose opener is gone, a deleted card): the current screen's heading, never <body>.
 */
export function focusScreenHeading(): void {
  const heading =
    document.querySelector<HTMLElement>('main h1') ?? document.querySelector('main h2');
  if (!heading) return;
  if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
  heading.focus();
}

/** True when keyboard focus has nowhere to be: on <body>, or on an element no longer shown. */
export function focusIsLost(): boolean {
  const active = document.activeElement;
  return !active || active === document.body || !active.isConnected;
}

/**
 * Remembers where `element` sits in a list of positioned items (aria-posinset, like the
 * Library's cards). The returned function focuses whatever now holds that place (the next
 * card after a delete, or the last one) and says whether it could.
 */
export function placeOf(element: HTMLElement): () => boolean {
  const item = element.closest<HTMLElement>('[aria-posinset]');
  const list = item?.closest('[role="list"]');
  const position = Number(item?.getAttribute('aria-posinset'));
  return () => {
    if (!list?.isConnected || !position) return false;
    const items = [...list.querySelectorAll<HTMLElement>('[aria-posinset]')];
    const target =
      items.find((candidate) => Number(candidate.getAttribute('aria-posinset')) === position) ??
      items.at(-1);
    const focusable = target?.querySelector<HTMLElement>('button, [href], input');
    if (!focusable) return false;
    focusable.focus();
    return true;
  };
}
