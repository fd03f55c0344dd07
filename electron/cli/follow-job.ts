import { join } from 'node:path';
import type { RenderManifest } from '../../shared/job';
import type { Core } from '../app/core';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';
import { type JobResult, requestFacts } from './job-result';
import { collectResults, printError, printJson, printResults } from './output';
import { createProgress } from './progress';
import { type QuitNow, RESUME_HINT, waitForJobs, wayBack } from './wait-jobs';

/**
 * The render as this process last saw it, for a quit that cannot wait for the disk: the run
 * id comes from memory when render.json does not have it yet (a full disk), with a warning
 * that says what is paid for and how it comes back.
 */
function lastKnownResult(manifest: RenderManifest, folder: string, quit: QuitNow): JobResult {
  const m = quit.latest.get(manifest.id) ?? manifest;
  const unsaved = quit.unsaved.find((run) => run.id === m.id);
  const result: JobResult = {
    id: m.id,
    state: m.state,
    executionId: m.executionId ?? unsaved?.executionId ?? null,
    batchCount: m.request.batchCount,
    videos: m.videos.flatMap((video) => (video.file ? [join(folder, video.file)] : [])),
    ...requestFacts(m.request),
  };
  if (m.error) result.error = m.error;
  if (unsaved) {
    result.warning = `The run id could not be saved (${unsaved.problem}): run ${unsaved.executionId} is paid for on WeShop; ${wayBack(unsaved)}.`;
  } else if (m.warning) {
    result.warning = m.warning;
  }
  return result;
}

/**
 * Shows one queued render's progress until it ends (or Ctrl-C), prints its result (paths,
 * or --json) and returns the exit code: what `generate` and `retry` do after queueing.
 * Even a second Ctrl-C prints the --json result (what this process knows of it).
 */
export async function followOneJob(
  core: Core,
  io: CliIo,
  manifest: RenderManifest,
  options: { json?: boolean },
): Promise<number> {
  const json = options.json === true;
  const reporter = createProgress(io, { json });
  const folder = core.library.folderOf(manifest.id);
  const outcome = await waitForJobs(core, io, new Set([manifest.id]), reporter, [manifest], {
    onQuitNow: (quit) => {
      if (json) printJson(io, lastKnownResult(manifest, folder, quit));
    },
  });
  const { results, exitCode } = await collectResults(core, [manifest.id]);
  if (json) printJson(io, results[0]);
  if (outcome === 'interrupted') {
    printError(io, `stopped; ${manifest.id} stays in the library: ${RESUME_HINT} it`);
    return EXIT.interrupted;
  }
  printResults(io, results, { json });
  return exitCode;
}
