import { useEffect } from 'react';
import { isModalOpen } from '../../components/Dialog';
import type { AppStore } from '../../store/types';

/** Where Ctrl+Z already means something: text being typed keeps its own undo. */
const typesText = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * Ctrl/Cmd+Z undoes the newest Delete while its Undo toast's window lasts (the store's
 * undoLastDelete), anywhere in the app but in a text field or behind a modal dialog.
 */
export function useUndoDeleteKey(store: AppStore): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      if (event.key.toLowerCase() !== 'z' || typesText(event.target) || isModalOpen()) return;
      if (Object.keys(store.getState().pendingDeletes).length === 0) return;
      event.preventDefault();
      store.getState().undoLastDelete();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
