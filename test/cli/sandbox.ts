/**
 * One emulator and one empty library home per test, for the CLI tests that spawn the real
 * CLI against them. Call cliSandbox at the top of a test file (module level): it registers the
 * beforeEach / afterEach that start and remove both.
 */
import { afterEach, beforeEach } from 'vitest';
import { createLibrary } from '../../electron/library/library';
import type { RenderManifest } from '../../shared/job';
import { type RunningEmulator, startEmulator } from '../emulator/server';
import type { EmulatorOptions, RecordedRequest } from '../emulator/types';
import { cliEnv, tempDir } from './helpers';

export interface CliSandbox {
  /** The running emulator (valid inside a test). */
  readonly emulator: RunningEmulator;
  /** The library home (KLING_STUDIO_HOME and HOME of every run). */
  readonly home: string;
  /** The environment of a CLI run on this home against this emulator, plus overrides. */
  env(overrides?: Record<string, string>): Record<string, string>;
  /** The API POSTs whose path ends with `suffix` (e.g. '/agent/runs'), in order. */
  posts(suffix: string): RecordedRequest[];
  /** Every start the CLI sent (POST /agent/runs): each one would be a paid run. */
  startRequests(): RecordedRequest[];
  /** Closes the emulator and starts a fresh one: the file's options plus these. */
  restartEmulator(options: EmulatorOptions): Promise<void>;
  /** A render's manifest as the CLI left it (read-only library: no lock taken). */
  readManifest(id: string): Promise<RenderManifest | null>;
}

/**
 * Quick remote states (the runs finish in a fraction of a second) and Idempotency-Key ignored,
 * so "one start per render" is checked against the CLI, not saved by the server. Any option
 * may be overridden.
 */
export function cliSandbox(homePrefix: string, options: EmulatorOptions = {}): CliSandbox {
  let emulator: RunningEmulator | null = null;
  let home: { path: string; remove: () => Promise<void> } | null = null;
  const started = () => {
    if (!emulator || !home) throw new Error('the CLI sandbox is only there inside a test');
    return { emulator, home: home.path };
  };

  const start = (more: EmulatorOptions = {}) =>
    startEmulator({
      timings: { pendingMs: 50, segmentingMs: 50, runningMs: 100 },
      honourIdempotencyKey: false,
      ...options,
      ...more,
    });
  beforeEach(async () => {
    emulator = await start();
    home = await tempDir(homePrefix);
  });
  afterEach(async () => {
    await emulator?.close();
    await home?.remove();
    emulator = null;
    home = null;
  });

  const posts = (suffix: string) =>
    started().emulator.requests.filter(
      (r) => r.origin === 'api' && r.method === 'POST' && r.path.endsWith(suffix),
    );
  return {
    get emulator() {
      return started().emulator;
    },
    get home() {
      return started().home;
    },
    env: (overrides = {}) => ({ ...cliEnv(started().home, started().emulator), ...overrides }),
    posts,
    startRequests: () => posts('/agent/runs'),
    async restartEmulator(more) {
      await started().emulator.close();
      emulator = await start(more);
    },
    async readManifest(id) {
      const library = createLibrary({ home: started().home, readOnly: true });
      try {
        return await library.read(id);
      } finally {
        await library.close();
      }
    },
  };
}
