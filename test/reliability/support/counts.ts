import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** Where the suites leave what they counted; report.ts reads it to update the README. */
export const COUNTS_FILE = fileURLToPath(
  new URL('../../../.tmp/reliability-counts.json', import.meta.url),
);
const LOCK_DIR = `${COUNTS_FILE}.lock`;

export type SuiteCounts = Record<string, number | string>;
export type CountsFile = Record<string, SuiteCounts & { recordedAt: string }>;

export async function readCounts(): Promise<CountsFile> {
  try {
    return JSON.parse(await readFile(COUNTS_FILE, 'utf8')) as CountsFile;
  } catch {
    return {};
  }
}

/**
 * Merges one suite's counts into the shared file. Vitest runs suites in parallel processes,
 * so the read-modify-write is guarded by a lock folder (mkdir is atomic) and the file is
 * replaced by rename, never half-written.
 */
export async function recordCounts(suite: string, counts: SuiteCounts): Promise<void> {
  await mkdir(dirname(COUNTS_FILE), { recursive: true });
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await mkdir(LOCK_DIR);
      break;
    } catch {
      // A lock left by a killed run is stale after the deadline: take it over.
      if (Date.now() > deadline) break;
      await delay(20);
    }
  }
  try {
    const all = await readCounts();
    all[suite] = { ...counts, recordedAt: new Date().toISOString() };
    const temp = join(dirname(COUNTS_FILE), `.reliability-counts.${process.pid}.tmp`);
    await writeFile(temp, `${JSON.stringify(all, null, 2)}\n`);
    await rename(temp, COUNTS_FILE);
  } finally {
    await rm(LOCK_DIR, { recursive: true, force: true });
  }
}
