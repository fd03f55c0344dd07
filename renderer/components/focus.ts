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
