import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useAppStore } from '../app-context';
import type { Toast } from '../store/types';
import { isModalOpen } from './Dialog';
import { focusIsLost, focusScreenHeading } from './focus';
import './toasts.css';

const TOAST_MS = 6000;

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  useEffect(() => {
    // Errors stay until dismissed: they may explain why something did not happen.
    if (toast.tone === 'error') return;
    const timer = setTimeout(() => onDismiss(toast.id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast, onDismiss]);
  return (
    <div className={`toast toast-${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'}>
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
        aria-label="Dismiss message"
        onClick={() => onDismiss(toast.id)}
      >
        ×
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

export function Toasts() {
  const toasts = useAppStore((state) => state.toasts);
  const dismiss = useAppStore((state) => state.dismissToast);
  const box = useRef<HTMLElement>(null);
  const [edge, setEdge] = useState<'bottom' | 'top'>('bottom');

  // Bottom right, unless that would hide what has focus: then top right.
  const place = useCallback(() => {
    const element = box.current;
    if (!element) return;
    setEdge(coversFocus(element, 'bottom') && !coversFocus(element, 'top') ? 'top' : 'bottom');
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
    <section ref={box} className={`toasts toasts-${edge}`} aria-label="Messages" aria-live="polite">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} onDismiss={dismiss} />
      ))}
    </section>
  );
}
