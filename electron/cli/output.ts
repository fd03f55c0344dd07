import { isTerminal } from '../../shared/job';
import type { Core } from '../app/core';
import { exitCodeForOutcomes, type JobOutcome } from './exit-codes';
import type { CliIo } from './io';
import { type JobResult, jobResult } from './job-result';

export const printLine = (io: CliIo, line = '') => io.stdout.write(`${line}\n`);
export const printError = (io: CliIo, message: string) => io.stderr.write(`error: ${message}\n`);
export const printJson = (io: CliIo, value: unknown) =>
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

/** What collectResults reads: the library, and the engine's memory of stops not on disk. */
type ResultSource = {
  library: Pick<Core['library'], 'read' | 'folderOf'>;
  engine: Pick<Core['engine'], 'stoppedUnrecorded'>;
};

/**
 * Reads each render back from disk after the engine stopped: the files are the truth, except
 * for why a render stopped when its render.json could not take it (a full disk).
 */
export async function collectResults(
  core: ResultSource,
  ids: readonly string[],
): Promise<{ results: JobResult[]; allComplete: boolean; exitCode: number }> {
  const results: JobResult[] = [];
  const outcomes: JobOutcome[] = [];
  let allComplete = true;
  const stops = core.engine.stoppedUnrecorded();
  for (const id of ids) {
    const manifest = await core.library.read(id);
    if (!manifest) {
      results.push({
        id,
        state: 'failed',
        executionId: null,
        batchCount: 0,
        videos: [],
        error: { kind: 'not-found', message: `Render ${id} is no longer in the library` },
      });
      outcomes.push('failed');
      allComplete = false;
      continue;
    }
    const { result, complete, outcome } = await jobResult(manifest, core.library.folderOf(id));
    // Stopped here by an error render.json could not take (a full disk): only memory knows why.
    const stopped = stops.find((stop) => stop.id === id);
    if (stopped && !isTerminal(manifest.state)) result.error = stopped.error;
    results.push(result);
    outcomes.push(outcome);
    allComplete &&= complete;
  }
  return { results, allComplete, exitCode: exitCodeForOutcomes(outcomes) };
}

/**
 * The way back for a render whose start outcome is unknown: the run in WeShop's history,
 * attached (no new charge), before a retry that may charge twice. `show` says it too.
 */
export const attentionHint = (id: string) =>
  `find its run in your WeShop history (named after this render) and \`kling-studio attach ${id} <run-id>\` collects it (no new charge); only if there is none, \`kling-studio retry ${id} --confirm-double-charge\` starts it again and may charge twice`;

/** What the user can do next about a render that did not end done (one line, or null). */
export function nextStep(result: JobResult): string | null {
  const missing = result.batchCount - result.videos.length;
  if (result.state === 'partial' && missing > 0) {
    return `run \`kling-studio retry ${result.id} --missing\` to render the missing ${missing}`;
  }
  if (result.state === 'needs-attention') {
    return attentionHint(result.id);
  }
  if (result.state === 'canceled' && result.executionId) {
    return `\`kling-studio retry ${result.id}\` checks the run again and collects its videos (no new charge)`;
  }
  return null;
}

/** "r1 failed", or "r1 stopped while downloading" for a render that stopped unfinished. */
const stateLabel = (result: JobResult) =>
  result.error && !isTerminal(result.state)
    ? `${result.id} stopped while ${result.state}`
    : `${result.id} ${result.state}`;

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
    const hint = nextStep(result);
    if (options.json) {
      if (result.error) printError(io, `${stateLabel(result)}: ${result.error.message}`);
      if (hint) io.stderr.write(`  ${hint}\n`);
    } else if (result.state === 'done') {
      const count = result.videos.length;
      printLine(io, `${result.id} done: ${count} video${count === 1 ? '' : 's'}`);
      for (const path of result.videos) printLine(io, path);
    } else {
      // A partial render's delivered videos are results too: their paths go to stdout.
      if (result.state === 'partial') {
        printLine(
          io,
          `${result.id} partial: ${result.videos.length} of ${result.batchCount} videos`,
        );
        for (const path of result.videos) printLine(io, path);
      }
      const why = result.error?.message ?? 'not finished';
      printError(io, `${stateLabel(result)}: ${why}`);
      if (hint) io.stderr.write(`  ${hint}\n`);
    }
  }
}
