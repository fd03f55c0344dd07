import { appendFile, readFile } from 'node:fs/promises';
import { z } from 'zod';
import { RenderManifest } from '../../shared/job';
import { withDiskErrors } from './disk-errors';
import { startedRunsPath } from './layout';

/**
 * One line of <home>/started-runs.jsonl: WeShop answered a start with this run id. Written
 * (appended) before the id is saved in render.json, so a run whose render.json write failed
 * (a full disk, a folder made read-only) can still be collected: `resume` and the app's
 * start-up look here (electron/engine/recover-run-ids.ts). The support log carries the same
 * fact, but it is rotated away and can be turned down (KLING_LOG_LEVEL); this file is not.
 */
export const StartedRunRecord = RenderManifest.pick({
  id: true,
  idempotencyKey: true,
  credits: true,
}).extend({
  executionId: z.string().min(1),
  /** When the answer came (the engine's clock, like startSentAt). */
  at: z.iso.datetime(),
});
export type StartedRunRecord = z.infer<typeof StartedRunRecord>;

/**
 * Appends one record: a single O_APPEND write of one short line, so the lines of several
 * processes never tear, and on a nearly full disk it can still fit in the file's last block
 * where a new render.json (a new file) cannot.
 */
export async function appendStartedRun(home: string, record: StartedRunRecord): Promise<void> {
  const path = startedRunsPath(home);
  await withDiskErrors(path, () =>
    appendFile(path, `${JSON.stringify(record)}\n`, { mode: 0o600 }),
  );
}

/** Every valid record, oldest first; a missing file is none, a torn or foreign line is skipped. */
export async function readStartedRuns(home: string): Promise<StartedRunRecord[]> {
  let text: string;
  try {
    text = await readFile(startedRunsPath(home), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const records: StartedRunRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed = StartedRunRecord.safeParse(JSON.parse(line));
      if (parsed.success) records.push(parsed.data);
    } catch {
      // A line cut short by a crash or a full disk: the others still count.
    }
  }
  return records;
}
