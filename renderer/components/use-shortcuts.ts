import { useEffect } from 'react';
import { takeCatalogDrop } from '../features/new-render/catalog-drop';
import type { AppStore } from '../store/types';
import { SCREENS } from '../store/types';
import { isModalOpen } from './Dialog';

/**
 * App-wide keys: Ctrl/Cmd+1..6 switch screens, +Enter queues (on New render), +O picks an
 * image, +F focuses the Library search. Escape belongs to dialogs (see Dialog).
 */
export function useGlobalShortcuts(store: AppStore): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      // A modal dialog owns the keyboard: nothing may change behind it.
      if (isModalOpen()) return;
      const state = store.getState();
      const screenIndex = ['1', '2', '3', '4', '5', '6'].indexOf(event.key);
      const target = SCREENS[screenIndex];
      if (target) {
        event.preventDefault();
        state.setScreen(target);
      } else if (event.key === 'Enter') {
        if (state.screen !== 'new' || state.keyStatus?.set === false) return;
        event.preventDefault();
        void state.queueRender();
      } else if (event.key.toLowerCase() === 'o') {
        event.preventDefault();
        state.setScreen('new');
        void state.pickImage();
      } else if (event.key.toLowerCase() === 'f') {
        event.preventDefault();
        state.requestSearchFocus();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}

const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;

/**
 * A file dropped anywhere on the window becomes the New render image. Without this the
 * browser would navigate to the dropped file.
 */
export function useWindowFileDrop(store: AppStore, onDragChange: (over: boolean) => void): void {
  useEffect(() => {
    let depth = 0;
    const onDragEnter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth++;
      onDragChange(true);
    };
    const onDragLeave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) onDragChange(false);
    };
    const onDragOver = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (event: DragEvent) => {
      event.preventDefault();
      depth = 0;
      onDragChange(false);
      // A folder or several pictures make a catalog set (New render's CatalogSetPanel).
      if (
        event.dataTransfer &&
        takeCatalogDrop(event.dataTransfer, () => store.getState().setScreen('new'))
      )
        return;
      const file = event.dataTransfer?.files[0];
      if (file) void store.getState().dropFile(file);
    };
    window.addEventListener('dragenter', onDragEnter);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onDragEnter);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [store, onDragChange]);
}
