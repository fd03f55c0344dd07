// Kept apart from testing.ts: that one is also used by the benchmarks, outside vitest.
import { afterEach } from 'vitest';
import { type RunningEmulator, startEmulator } from './server';
import type { EmulatorOptions } from './types';

/** For a test file: start(options) gives a fresh emulator, closed again after each test. */
export function emulatorPerTest(): (options?: EmulatorOptions) => Promise<RunningEmulator> {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });
  return async (options = {}) => {
    emulator = await startEmulator(options);
    return emulator;
  };
}
