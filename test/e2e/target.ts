import type { Browser, BrowserContext, BrowserContextOptions, Page } from '@playwright/test';
import type { Emulator, EmulatorOptions } from '../emulator/types';
import { Studio } from './studio';

/**
 * What a spec needs from "the app", whichever way it runs: the built renderer in Chromium
 * with the core bridged in (the default), or a real Electron build (KLING_E2E_TARGET=electron).
 * The WeShop emulator is the same in both.
 */
export interface AppTarget {
  readonly kind: 'chromium' | 'electron';
  readonly emulator: Emulator;
  /** The app window, as a user sees it after launch. Call again after restart(). */
  open(): Promise<Page>;
  /** The next native open-file dialog answers with this path. */
  answerImagePick(path: string): Promise<void>;
  /** The next "Save video as" dialog answers with this path (null: canceled). */
  answerVideoSave(path: string | null): Promise<void>;
  /** The next "Export render" folder dialog answers with this folder (null: canceled). */
  answerExportFolder(path: string | null): Promise<void>;
  /** The next "Export credits as CSV" save dialog answers with this path (null: canceled). */
  answerCsvSave(path: string | null): Promise<void>;
  /** https URLs the app asked the OS to open in the browser. */
  openedExternally(): Promise<string[]>;
  /**
   * CSP violations reported since the last call (and forgets them). Chromium target only: it
   * listens in the page; the Electron target does not install the listener.
   */
  takeCspViolations?(): Promise<string[]>;
  /** Quit and launch again on the same library; offline stops the emulator first. */
  restart(options?: { offline?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export type LaunchApp = (options?: EmulatorOptions) => Promise<AppTarget>;

/** The default target: Studio (real core + emulator) behind a Chromium page. */
export async function launchChromiumTarget(
  browser: Browser,
  options: EmulatorOptions,
  contextOptions: BrowserContextOptions = {},
): Promise<AppTarget> {
  const studio = await Studio.start(options);
  let context: BrowserContext | null = null;
  let page: Page | null = null;
  return {
    kind: 'chromium',
    emulator: studio.emulator,
    async open() {
      // One window at a time, like the desktop app: a relaunch replaces the old one.
      await page?.close();
      await context?.close();
      context = await browser.newContext(contextOptions);
      page = await studio.openApp(context);
      return page;
    },
    async answerImagePick(path) {
      studio.nextPickedImage = path;
    },
    async answerVideoSave(path) {
      studio.nextVideoSavePath = path;
    },
    async answerExportFolder(path) {
      studio.nextExportFolder = path;
    },
    async answerCsvSave(path) {
      studio.nextCsvSavePath = path;
    },
    async openedExternally() {
      return [...studio.openedExternally];
    },
    async takeCspViolations() {
      return studio.cspViolations.splice(0);
    },
    async restart(restartOptions = {}) {
      await page?.close();
      page = null;
      await studio.restart(restartOptions);
    },
    async close() {
      await context?.close();
      await studio.close();
    },
  };
}
