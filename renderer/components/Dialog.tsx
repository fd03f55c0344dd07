import { type ReactNode, useEffect, useId, useRef } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { focusIsLost, focusScreenHeading, placeOf } from './focus';
import './dialog.css';

// Open dialogs, innermost last: Escape closes only the top one (a confirm over a detail view).
const openDialogs: symbol[] = [];

/** True while a modal dialog is open: app-wide shortcuts stay inert behind it. */
export function isModalOpen(): boolean {
  return openDialogs.length > 0;
}

interface CloseWatcherLike {
  onclose: (() => void) | null;
  destroy(): void;
}
const CloseWatcherClass = (globalThis as { CloseWatcher?: new () => CloseWatcherLike })
  .CloseWatcher;

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), video[controls], [tabindex]:not([tabindex="-1"])';

/** Focuses what a dialog starts on: its [data-autofocus] control, else its first, else itself. */
function focusFirstIn(element: HTMLElement | null) {
  const first =
    element?.querySelector<HTMLElement>('[data-autofocus]') ??
    element?.querySelector<HTMLElement>(FOCUSABLE);
  (first ?? element)?.focus();
}

export interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  size?: 'small' | 'large';
}

export function Dialog({ title, onClose, children, size = 'large' }: DialogProps) {
  const { t } = useTranslation('components');
  const titleId = useId();
  const panel = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  const tokenRef = useRef<symbol | null>(null);

  // Runs once per opening, not per title: a title that changes while open (a cost check that
  // finds a concern) must not close and reopen the dialog, which moves the user's focus.
  useEffect(() => {
    const token = Symbol('dialog');
    tokenRef.current = token;
    openDialogs.push(token);
    // <body> is no place to return to (the opener may have left with its screen).
    const returnFocus =
      document.activeElement instanceof HTMLElement && document.activeElement !== document.body
        ? document.activeElement
        : null;
    const sameplace = returnFocus ? placeOf(returnFocus) : null;
    const element = panel.current;
    focusFirstIn(element);

    const onKeyDown = (event: KeyboardEvent) => {
      if (openDialogs.at(-1) !== token) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        onCloseRef.current();
      } else if (event.key === 'Tab' && element) {
        // Keep Tab inside the dialog: it is modal.
        const items = [...element.querySelectorAll<HTMLElement>(FOCUSABLE)];
        const firstItem = items[0];
        const lastItem = items.at(-1);
        if (!firstItem || !lastItem) return;
        if (event.shiftKey && document.activeElement === firstItem) {
          event.preventDefault();
          lastItem.focus();
        } else if (!event.shiftKey && document.activeElement === lastItem) {
          event.preventDefault();
          firstItem.focus();
        }
      }
    };
    document.addEventListener('keydown', onKeyDown);
    // A <video>'s native controls keep key events from the page, so Escape pressed in a
    // player never reaches onKeyDown. A CloseWatcher (Chromium, so Electron) still gets that
    // Escape; when the page does see it, onKeyDown's preventDefault keeps the watcher quiet.
    const watcher = CloseWatcherClass ? new CloseWatcherClass() : null;
    if (watcher) {
      watcher.onclose = () => {
        if (openDialogs.at(-1) === token) onCloseRef.current();
      };
    }
    return () => {
      watcher?.destroy();
      document.removeEventListener('keydown', onKeyDown);
      openDialogs.splice(openDialogs.indexOf(token), 1);
      // The opener may be gone (a deleted card, a Queue row left behind by "Open"): then
      // what holds its place now (the next card), else the screen's heading, once this render
      // has committed, so focus never falls to <body>.
      if (returnFocus?.isConnected) returnFocus.focus();
      else
        queueMicrotask(() => {
          if (openDialogs.length) return;
          if (returnFocus?.isConnected) returnFocus.focus();
          else if (!sameplace?.() && focusIsLost()) focusScreenHeading();
        });
    };
  }, []);
  // A control removed while the dialog is open (a discarded variation's buttons) takes focus
  // with it: it comes back to the dialog's first control, never <body> behind the modal.
  useEffect(() => {
    // Only the top dialog: one behind a confirm must not pull focus out from under it.
    if (openDialogs.at(-1) === tokenRef.current && focusIsLost()) focusFirstIn(panel.current);
  });

  return createPortal(
    <div className="dialog-backdrop">
      <div
        ref={panel}
        className={`dialog dialog-${size}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
      >
        {/* A plain element, not <header>: that is a banner landmark, duplicated per dialog. */}
        <div className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button
            type="button"
            className="icon-button"
            aria-label={t('dialog.close')}
            onClick={onClose}
          >
            ×
          </button>
        </div>
        <div className="dialog-body">{children}</div>
      </div>
    </div>,
    document.body,
  );
}
