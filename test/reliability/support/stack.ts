import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createEngine, type Engine, type EngineDeps } from '../../../electron/engine/engine';
import { createLibrary, type Library } from '../../../electron/library/library';
import { makeTempHome } from '../../../electron/library/testing';
import { createWeShopClient, type WeShopClientDeps } from '../../../electron/weshop/client';
import type { WeShopApi } from '../../../electron/weshop/types';
import type { RenderManifest } from '../../../shared/job';
import { type RunningEmulator, startEmulator } from '../../emulator/server';
import type { EmulatorOptions } from '../../emulator/types';

/** Short real-time settings: every suite here talks to the emulator over loopback HTTP. */
export const FAST_TIMINGS = { pendingMs: 20, segmentingMs: 20, runningMs: 60 };

export interface StackOptions {
  emulator?: EmulatorOptions;
  client?: Partial<Omit<WeShopClientDeps, 'apiBase' | 'getKey' | 'fetch'>>;
  /** The client's fetch, built once the emulator runs (to act on the network at a given request). */
  clientFetch?: (emulator: RunningEmulator) => typeof fetch;
  engine?: Partial<Omit<EngineDeps, 'library' | 'api'>>;
  /** Reuse a library home (a restart); a fresh temp folder otherwise. */
  home?: string;
}

/** The emulator, a temp library home, the real WeShop client and the real engine, wired up. */
export interface Stack {
  emulator: RunningEmulator;
  home: string;
  library: Library;
  api: WeShopApi;
  engine: Engine;
  /** A second library + engine on the same home (an app restart), closed by close(). */
  restart(options?: Pick<StackOptions, 'engine'>): { library: Library; engine: Engine };
  close(): Promise<void>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  // The emulator ignores Idempotency-Key (a duplicate start is a second, charged run), so every
  // "exactly one start" below proves the app's guarantee, not the server's.
  const emulator = await startEmulator({
    timings: FAST_TIMINGS,
    honourIdempotencyKey: false,
    ...options.emulator,
  });
  const temp = options.home ? null : await makeTempHome('kling-reliability-');
  const home = options.home ?? (temp as { home: string }).home;
  const api = createWeShopClient({
    apiBase: emulator.apiBase,
    getKey: async () => emulator.apiKey,
    timeoutMs: 5_000,
    uploadTimeoutMs: 5_000,
    retryPolicy: { baseDelayMs: 10, maxDelayMs: 50 },
    ...(options.clientFetch ? { fetch: options.clientFetch(emulator) } : {}),
    ...options.client,
  });
  const opened: { library: Library; engine: Engine }[] = [];
  const build = (engineOptions: StackOptions['engine'] = {}) => {
    const library = createLibrary({ home, indexDebounceMs: 20 });
    const engine = createEngine({
      library,
      api,
      concurrency: 4,
      // Real time, so short: the poll schedule itself is unit-tested on a virtual clock.
      poll: {
        initialDelayMs: 25,
        quietMaxDelayMs: 25,
        errorMaxDelayMs: 400,
        maxRequests: 200,
        perMs: 1_000,
      },
      downloads: { retryBaseMs: 20 },
      ...options.engine,
      ...engineOptions,
    });
    opened.push({ library, engine });
    return { library, engine };
  };
  const first = build();
  return {
    emulator,
    home,
    library: first.library,
    api,
    engine: first.engine,
    restart: (restartOptions = {}) => build(restartOptions.engine),
    async close() {
      for (const { engine, library } of opened) {
        await engine.close().catch(() => undefined);
        await library.close().catch(() => undefined);
      }
      await emulator.close();
      await temp?.remove();
    },
  };
}

/** The manifest as it is on disk now (fails the test when it is unreadable). */
export async function readManifest(library: Library, id: string): Promise<RenderManifest> {
  const manifest = await library.read(id);
  if (!manifest) throw new Error(`render ${id} has no readable render.json`);
  return manifest;
}

/**
 * Every video of a done render is on disk and byte-equal to what the emulator's CDN serves;
 * returns how many were checked.
 */
export async function expectVideosMatch(
  emulator: RunningEmulator,
  library: Library,
  manifest: RenderManifest,
): Promise<number> {
  if (manifest.state !== 'done') throw new Error(`render ${manifest.id} is ${manifest.state}`);
  if (manifest.videos.length === 0) throw new Error(`render ${manifest.id} has no videos`);
  for (const video of manifest.videos) {
    if (!video.file) throw new Error(`video ${video.index} of ${manifest.id} has no file`);
    const onDisk = await readFile(join(library.folderOf(manifest.id), video.file));
    const served = await emulator.videoBytes(video.url);
    if (!onDisk.equals(served)) {
      throw new Error(
        `video ${video.index} of ${manifest.id} differs from what the CDN served (${onDisk.length} vs ${served.length} bytes)`,
      );
    }
  }
  return manifest.videos.length;
}

/** The largest number of runs created for any one Idempotency-Key (0 when none). */
export function maxStartsPerKey(emulator: RunningEmulator): number {
  return Math.max(0, ...emulator.startsByIdempotencyKey().values());
}
