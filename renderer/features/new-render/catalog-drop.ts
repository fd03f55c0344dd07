import { useSyncExternalStore } from 'react';
import { isCatalogPicture } from '../../../shared/catalog-set';

/**
 * The catalog set's pictures, outside React: the window's drop handler (use-shortcuts.ts) hands
 * a folder or several files here from any screen, and New render's CatalogSetPanel reads them.
 * Dropped files wait as File objects until the panel turns them into paths (through the
 * bridge's pathForFile) and folders into their pictures (images:list-folder, listed in main).
 */
export interface CatalogDraft {
  /** Absolute paths, in the order they came (a folder's sorted by name). */
  pictures: readonly string[];
  /** Dropped or picked files not turned into paths yet. */
  pending: readonly File[];
}

let draft: CatalogDraft = { pictures: [], pending: [] };
const listeners = new Set<() => void>();
const emit = () => {
  for (const listener of listeners) listener();
};

export const catalogDraft = {
  get: () => draft,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  addPending(files: readonly File[]) {
    draft = { ...draft, pending: [...draft.pending, ...files] };
    emit();
  },
  /** Takes the pending files (the panel resolves them once). */
  takePending(): File[] {
    const taken = [...draft.pending];
    if (taken.length > 0) {
      draft = { ...draft, pending: [] };
      emit();
    }
    return taken;
  },
  addPictures(paths: readonly string[]) {
    const known = new Set(draft.pictures);
    draft = { ...draft, pictures: [...draft.pictures, ...paths.filter((p) => !known.has(p))] };
    emit();
  },
  remove(path: string) {
    draft = { ...draft, pictures: draft.pictures.filter((p) => p !== path) };
    emit();
  },
  clear() {
    draft = { pictures: [], pending: [] };
    emit();
  },
};

export const useCatalogDraft = () =>
  useSyncExternalStore(catalogDraft.subscribe, catalogDraft.get, catalogDraft.get);

/** Whether a drop item is a folder (Chromium's entry API; absent in some test DOMs). */
function isFolder(item: DataTransferItem): boolean {
  const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
  return entry?.isDirectory === true;
}

/**
 * A drop that makes a catalog set: several files, or a folder. Returns false for one file (New
 * render's picture, as before), so the caller handles that one itself.
 */
export function takeCatalogDrop(data: DataTransfer, show: () => void): boolean {
  const files = [...data.files];
  // A dropped folder is a File without a type; its entry says so where the DOM has one, and a
  // name without an extension is taken as one too (main lists it, or says it is a file).
  const typeless = files.length === 1 && files[0]?.type === '' && !/\.\w{1,5}$/.test(files[0].name);
  const folder = typeless || [...data.items].some(isFolder);
  if (files.length === 0 || (files.length === 1 && !folder)) return false;
  catalogDraft.addPending(files);
  show();
  return true;
}

/** A path by its name: a picture, or something main should list as a folder. */
export const looksLikePicture = (path: string) => isCatalogPicture(path);
