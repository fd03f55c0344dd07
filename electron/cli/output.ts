import type { Core } from '../app/core';
import type { CliIo } from './io';
import { type JobResult, jobResult } from './job-result';

export const printLine = (io: CliIo, line = '') => io.stdout.write(`${line}\n`);
export const printError = (io: CliIo, message: string) => io.stderr.write(`error: ${message}\n`);
export const printJson = (io: CliIo, value: unknown) =>
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

/** Reads each render back from disk after the engine stopped: the files are the truth. */
export async function collectResults(
  core: Core,
  ids: readonly string[],
): Promise<{ results: JobResult[]; allComplete: boolean }> {
  const results: JobResult[] = [];
  let allComplete = true;
  for (const id of ids) {
    const manifest = await core.library.read(id);
    if (!manifest) {
      results.push({
        id,
        state: 'failed',
        executionId: null,
        videos: [],
        error: { kind: 'not-found', message: `Render ${id} is no longer in the library` },
      });
      allComplete = false;
      continue;
    }
    const { result, complete } = await jobResult(manifest, core.library.folderOf(id));
    results.push(result);
    allComplete &&= complete;
  }
  return { results, allComplete };
}

/**
 * Human output: video paths on stdout (one per line, easy to pipe), problems on stderr.
 * With --json stdout already holds the JSON, so only the problems are written (to stderr).
 */
export function printResults(
  io: CliIo,
  results: readonly JobResult[],
  options: { json?: boolean } = {},
): void {
  for (const result of results) {
    if (options.json) {
      if (result.error) printError(io, `${result.id} ${result.state}: ${result.error.message}`);
    } else if (result.state === 'done') {
      const count = result.videos.length;
      printLine(io, `${result.id} done: ${count} video${count === 1 ? '' : 's'}`);
      for (const path of result.videos) printLine(io, path);
    } else {
      const why = result.error?.message ?? 'not finished';
      printError(io, `${result.id} ${result.state}: ${why}`);
    }
  }
}
