import type { UpdateStatus } from '../../shared/updates';

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
  /** Save video as…: a native save dialog for an MP4 (suggested name given); null = canceled. */
  chooseVideoSavePath?(suggestedName: string): Promise<string | null>;
  /** Export render: a native choose-a-folder dialog; null = canceled. */
  chooseExportFolder?(): Promise<string | null>;
  /** A native save dialog for a CSV export; null when the user cancels. */
  chooseSavePath?(suggestedName: string): Promise<string | null>;
  /**
   * The picture the OS handed the app before the page listened (shell/window-keeper.ts), once.
   * Optional: where the OS cannot hand pictures over (the E2E harness), there is none.
   */
  takePendingImage?(): string | null;
  /** Writes text to the system clipboard (Electron's clipboard in main); missing in tests. */
  copyText?(text: string): void;
  /** The app's own updates (electron/app/updates.ts); missing where there is no app to update. */
  updates?: {
    status(): UpdateStatus;
    check(): Promise<UpdateStatus>;
    install(): UpdateStatus;
  };
}
