import type { TrashItem } from '../library/pending-trash';

/**
 * Electron's shell.trashItem as the core's TrashItem: "moves a path to the OS-specific trash
 * location (Trash on macOS, Recycle Bin on Windows, and a desktop-environment-specific location
 * on Linux)", resolving when done and rejecting on an error (Electron docs, api/shell.md).
 * It does not say where the item went, so the answer is null (the app says "the trash").
 */
export const electronTrashItem =
  (shell: { trashItem(path: string): Promise<void> }): TrashItem =>
  async (path) => {
    await shell.trashItem(path);
    return null;
  };

/** Copy buttons write through main's clipboard (Electron's clipboard.writeText). */
export const clipboardCopier =
  (clipboard: { writeText(text: string): void }) =>
  (text: string): void =>
    clipboard.writeText(text);
