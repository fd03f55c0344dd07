import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication } from '@playwright/test';
import { startEmulator } from '../emulator/server';
import type { EmulatorOptions } from '../emulator/types';
import type { AppTarget } from './target';

const root = join(import.meta.dirname, '..', '..');

/**
 * KLING_E2E_TARGET=electron: the packaged main process (dist-electron/main.cjs, after
 * `npm run build`) with its real preload, app://kling-studio origin and keychain. It needs the
 * Electron binary, which this machine does not have, so the default run never imports this
 * file. Run it inside a throwaway keyring (see /work/shared/toolchain.md, keytar section) so
 * the key the journey saves never lands in a real keychain.
 *
 * Harness-only hooks become main-process stubs through electronApp.evaluate: the open-file
 * dialog and shell.openExternal are replaced in the running main process (main.ts reads
 * them off the electron module at call time, so the stub is what it calls).
 */
export async function launchElectronTarget(options: EmulatorOptions): Promise<AppTarget> {
  const emulator = await startEmulator(options);
  const home = await mkdtemp(join(tmpdir(), 'kling-e2e-electron-'));
  let app: ElectronApplication | null = null;

  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    // A key in the environment would skip the first-run flow the journey starts with.
    if (value !== undefined && name !== 'WESHOP_API_KEY') env[name] = value;
  }
  env.KLING_STUDIO_HOME = home;
  env.WESHOP_API_BASE = emulator.apiBase;

  const running = async (): Promise<ElectronApplication> => {
    if (app) return app;
    app = await _electron.launch({ args: ['.'], cwd: root, env });
    // Record instead of opening a real browser.
    await app.evaluate(({ shell }) => {
      const opened: string[] = [];
      (globalThis as { __klingOpened?: string[] }).__klingOpened = opened;
      shell.openExternal = async (url: string) => void opened.push(url);
    });
    return app;
  };

  /** The next open dialog answers with these paths (none: cancelled). */
  const answerOpenDialog = async (paths: string[]) => {
    await (await running()).evaluate(({ dialog }, chosen) => {
      dialog.showOpenDialog = (async () => ({
        canceled: chosen.length === 0,
        filePaths: chosen,
      })) as unknown as typeof dialog.showOpenDialog;
    }, paths);
  };

  /** The next save dialog answers with this path (null: cancelled). */
  const answerSaveDialog = async (path: string | null) => {
    await (await running()).evaluate(({ dialog }, chosen) => {
      dialog.showSaveDialog = (async () => ({
        canceled: chosen === null,
        filePath: chosen ?? '',
      })) as unknown as typeof dialog.showSaveDialog;
    }, path);
  };

  return {
    kind: 'electron',
    emulator,
    async open() {
      const page = await (await running()).firstWindow();
      await page.waitForLoadState('domcontentloaded');
      return page;
    },
    answerImagePick: (path) => answerOpenDialog([path]),
    answerVideoSave: (path) => answerSaveDialog(path),
    // The same native save dialog as Save video as: answered the same way.
    answerCsvSave: (path) => answerSaveDialog(path),
    answerExportFolder: (path) => answerOpenDialog(path === null ? [] : [path]),
    async openedExternally() {
      return (await running()).evaluate(() => [
        ...((globalThis as { __klingOpened?: string[] }).__klingOpened ?? []),
      ]);
    },
    async restart(restartOptions = {}) {
      await app?.close();
      app = null;
      if (restartOptions.offline) await emulator.goOffline();
    },
    async close() {
      await app?.close();
      await emulator.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
