/**
 * What only the desktop shell can do. Electron's main.ts provides the real ones; the
 * E2E bridge and tests provide their own, so the IPC handlers stay plain Node.
 */
export interface PlatformServices {
  /** A native open-file dialog for images; null when the user cancels. */
  pickImage(): Promise<string | null>;
  showInFolder(path: string): void;
  openExternal(url: string): Promise<void>;
  /**
   * Opens a folder in the file manager (Electron: shell.openPath). Optional: where it is
   * missing, the folder is shown in its parent with showInFolder instead.
   */
  openFolder?(path: string): Promise<void>;
}
