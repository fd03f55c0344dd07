import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary folder per test, removed afterwards (call remove in afterEach). */
export async function makeTempHome(prefix = 'kling-lib-') {
  const home = await mkdtemp(join(tmpdir(), prefix));
  return { home, remove: () => rm(home, { recursive: true, force: true }) };
}

/** A clock that moves only when told to. */
export function manualClock(start = '2025-03-01T10:00:00.000Z') {
  let ms = Date.parse(start);
  return {
    now: () => new Date(ms),
    advance: (byMs: number) => {
      ms += byMs;
    },
    set: (iso: string) => {
      ms = Date.parse(iso);
    },
  };
}
