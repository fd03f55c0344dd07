import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { withResponseChecks } from '../../electron/app/checked-dispatch';
import { type Core, createCore } from '../../electron/app/core';
import { createIpcDispatch, type IpcDispatch } from '../../electron/app/ipc-handlers';
import type { PlatformServices } from '../../electron/app/platform';
import { createMediaHandler } from '../../electron/library/media';
import { createSecretStore, memoryKeychain } from '../../electron/secrets/store';
import { mediaBaseFor } from '../../shared/media-url';
import { startEmulator } from '../emulator/server';
import type { Emulator, EmulatorOptions } from '../emulator/types';
import { startAppServer } from './static-server';

const root = join(import.meta.dirname, '..', '..');

/**
 * The app as a user meets it, minus the Electron binary: the built renderer in Chromium,
 * the real core (engine, library, WeShop client) bridged in through page.exposeBinding in
 * place of the preload, talking to the WeShop emulator on 127.0.0.1.
 */
export class Studio {
  core!: Core;
  private dispatch!: IpcDispatch;
  private readonly keychain = memoryKeychain();
  private server!: { origin: string; close: () => Promise<void> };
  private pages: Page[] = [];
  private unsubscribe: Array<() => void> = [];
  /** What the native file dialog answers next. */
  nextPickedImage: string | null = null;
  /** What the next "Save video as" dialog answers (null: the user cancels). */
  nextVideoSavePath: string | null = null;
  /** What the next "Export render" folder dialog answers (null: the user cancels). */
  nextExportFolder: string | null = null;
  /** What the next "Export credits as CSV" dialog answers (null: the user cancels). */
  nextCsvSavePath: string | null = null;
  readonly openedExternally: string[] = [];
  readonly shownInFolder: string[] = [];
  /** Every Content-Security-Policy violation any page reported (directive and blocked URI). */
  readonly cspViolations: string[] = [];

  private constructor(
    readonly emulator: Emulator,
    readonly home: string,
  ) {}

  static async start(options: EmulatorOptions = {}): Promise<Studio> {
    const emulator = await startEmulator(options);
    const home = await mkdtemp(join(tmpdir(), 'kling-e2e-'));
    const studio = new Studio(emulator, home);
    studio.server = await startAppServer(join(root, 'dist', 'renderer'), () =>
      createMediaHandler({ library: studio.core.library }),
    );
    await studio.boot();
    return studio;
  }

  get origin() {
    return this.server.origin;
  }

  private readonly platform: PlatformServices = {
    pickImage: async () => this.nextPickedImage,
    chooseVideoSavePath: async () => this.nextVideoSavePath,
    chooseExportFolder: async () => this.nextExportFolder,
    chooseSavePath: async () => this.nextCsvSavePath,
    showInFolder: (path) => void this.shownInFolder.push(path),
    openExternal: async (url) => void this.openedExternally.push(url),
  };

  /** A fresh core on the same home, as after quitting and launching the app again. */
  private async boot() {
    const secrets = createSecretStore({ env: {}, keychain: this.keychain });
    this.core = await createCore({
      home: this.home,
      secrets,
      env: { WESHOP_API_BASE: this.emulator.apiBase },
      mediaBase: mediaBaseFor(this.server.origin),
    });
    // Every answer checked against shared/ipc.ts, as main does in development.
    this.dispatch = withResponseChecks(
      createIpcDispatch(this.core, this.platform),
      this.core.logger,
    );
    this.unsubscribe = [
      this.core.subscribe('job:update', (view) => this.emit('job:update', view)),
      this.core.subscribe('job:progress', (progress) => this.emit('job:progress', progress)),
      this.core.subscribe('queue:changed', (state) => this.emit('queue:changed', state)),
    ];
    await this.core.start();
  }

  private emit(event: string, payload: unknown) {
    for (const page of this.pages) {
      if (page.isClosed()) continue;
      page
        .evaluate(([name, data]) => window.__klingEmit?.(name as string, data), [
          event,
          payload,
        ] as const)
        .catch(() => {});
    }
  }

  /** Opens the app in a new page with window.kling assembled from exposed bindings. */
  async openApp(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    await page.exposeBinding('__klingInvoke', (_source, channel: string, payload: unknown) =>
      this.dispatch(channel, payload),
    );
    // Kept in Node, so violations survive the page closing (a relaunch) until the test ends.
    await page.exposeBinding('__klingCspViolation', (_source, violation: string) => {
      this.cspViolations.push(violation);
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        void window.__klingCspViolation(
          `${event.effectiveDirective} ${event.blockedURI || '(inline)'} ${event.sourceFile}:${event.lineNumber}`,
        );
      });
    });
    await page.addInitScript(() => {
      const listeners = new Map<string, Set<(payload: unknown) => void>>();
      window.__klingEmit = (event, payload) => {
        for (const listener of listeners.get(event) ?? []) listener(payload);
      };
      const bridge = {
        invoke: (channel: string, request: unknown) => window.__klingInvoke(channel, request),
        on: (event: string, listener: (payload: unknown) => void) => {
          const set = listeners.get(event) ?? new Set();
          set.add(listener);
          listeners.set(event, set);
          return () => set.delete(listener);
        },
        // A dropped file's path, as Electron's webUtils gives it; a spec names them by file name.
        pathForFile: (file: File) => window.__klingDroppedPaths?.[file.name] ?? null,
      };
      Object.defineProperty(window, 'kling', { value: Object.freeze(bridge) });
    });
    this.pages.push(page);
    await page.goto(`${this.origin}/index.html`);
    return page;
  }

  /** Quit and relaunch: the old core stops, a new one opens the same library. */
  async restart(options: { offline?: boolean } = {}) {
    for (const stop of this.unsubscribe) stop();
    await this.core.close();
    if (options.offline) await this.emulator.goOffline();
    await this.boot();
  }

  async close() {
    // Pages first: a page's timers (e.g. a delete waiting out its Undo) must not reach a core
    // that is closing, or write into a home being removed.
    for (const page of this.pages) await page.close().catch(() => undefined);
    for (const stop of this.unsubscribe) stop();
    await this.core?.close();
    await this.server?.close();
    await this.emulator.close();
    // A last support-log line or index write may still land while the folder goes: retry.
    await rm(this.home, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}

declare global {
  interface Window {
    __klingEmit?: (event: string, payload: unknown) => void;
    __klingDroppedPaths?: Record<string, string>;
    __klingInvoke: (channel: string, payload: unknown) => Promise<unknown>;
    __klingCspViolation: (violation: string) => Promise<void>;
  }
}
