import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../app-context';
import type { Toast } from '../store/types';
import { isModalOpen } from './Dialog';
import { focusIsLost, focusScreenHeading } from './focus';
import './toasts.css';

const TOAST_MS = 6000;

interface ItemProps {
  toast: Toast;
  onDismiss: (id: number) => void;
  /** Older messages are folded under the newest one (their timers still run). */
  folded: boolean;
}

function ToastItem({ toast, onDismiss, folded }: ItemProps) {
  const { t } = useTranslation('toasts');
  useEffect(() => {
    // Errors stay until dismissed: they may explain why something did not happen.
    if (toast.tone === 'error') return;
    const timer = setTimeout(() => onDismiss(toast.id), toast.action?.lingerMs ?? TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast, onDismiss]);
  return (
    <div
      className={`toast toast-${toast.tone}`}
      role={toast.tone === 'error' ? 'alert' : 'status'}
      hidden={folded}
    >
      <span>{toast.text}</span>
      {toast.action && (
        <button
          type="button"
          className="link"
          onClick={() => {
            toast.action?.run();
            onDismiss(toast.id);
            // The button goes with its toast: once the screen has settled, the heading has focus.
            requestAnimationFrame(() => {
              if (focusIsLost()) focusScreenHeading();
            });
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button
        type="button"
        className="icon-button"
        aria-label={t('dismiss')}
        onClick={() => onDismiss(toast.id)}
      >
        {/* i18n-ignore: a symbol; the button's name is translated */}×
      </button>
    </div>
  );
}

const EDGE_PX = 20;

/** Whether the toasts, placed at `edge`, would cover the focused control (WCAG 2.4.11). */
function coversFocus(box: HTMLElement, edge: 'bottom' | 'top'): boolean {
  const active = document.activeElement;
  if (!active || active === document.body || box.contains(active)) return false;
  const focused = active.getBoundingClientRect();
  const { width, height } = box.getBoundingClientRect();
  if (height === 0) return false;
  const right = window.innerWidth - EDGE_PX;
  const top = edge === 'top' ? EDGE_PX : window.innerHeight - EDGE_PX - height;
  return (
    focused.left < right &&
    focused.right > right - width &&
    focused.top < top + height &&
    focused.bottom > top
  );
}

/**
 * Messages in the window's top right corner, beside the screen's title and away from the form
 * and its sticky Queue render bar; at the bottom only when at the top they would hide what has
 * focus. One message at a time: older ones fold under the newest behind "2 more messages".
 */
export function Toasts() {
  const { t } = useTranslation('toasts');
  const toasts = useAppStore((state) => state.toasts);
  const dismiss = useAppStore((state) => state.dismissToast);
  const box = useRef<HTMLElement>(null);
  const [edge, setEdge] = useState<'bottom' | 'top'>('top');
  const [unfolded, setUnfolded] = useState(false);
  const older = toasts.length - 1;
  // A new message folds the list again: only the newest shows.
  // biome-ignore lint/correctness/useExhaustiveDependencies: folds on each new message
  useEffect(() => setUnfolded(false), [toasts.at(-1)?.id]);

  const place = useCallback(() => {
    const element = box.current;
    if (!element) return;
    setEdge(coversFocus(element, 'top') && !coversFocus(element, 'bottom') ? 'bottom' : 'top');
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-placed whenever the toasts change
  useLayoutEffect(place, [place, toasts]);
  useEffect(() => {
    document.addEventListener('focusin', place);
    window.addEventListener('resize', place);
    return () => {
      document.removeEventListener('focusin', place);
      window.removeEventListener('resize', place);
    };
  }, [place]);

  // Escape dismisses the newest error (errors stay until dismissed), when no dialog is open.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || isModalOpen()) return;
      const newestError = toasts.findLast((toast) => toast.tone === 'error');
      if (newestError) dismiss(newestError.id);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [toasts, dismiss]);

  return (
    <section
      ref={box}
      className={`toasts toasts-${edge}`}
      aria-label={t('region')}
      aria-live="polite"
    >
      {toasts.map((toast, index) => (
        <ToastItem
          key={toast.id}
          toast={toast}
          onDismiss={dismiss}
          folded={!unfolded && index < older}
        />
      ))}
      {older > 0 && (
        <button
          type="button"
          className="link toasts-more"
          aria-expanded={unfolded}
          onClick={() => setUnfolded((open) => !open)}
        >
          {unfolded ? t('fewer') : t('more', { count: older })}
        </button>
      )}
    </section>
  );
}
