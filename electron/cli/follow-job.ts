import type { RenderManifest } from '../../shared/job';
import type { Core } from '../app/core';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';
import { collectResults, printError, printJson, printResults } from './output';
import { createProgress } from './progress';
import { RESUME_HINT, waitForJobs } from './wait-jobs';

/**
 * Shows one queued render's progress until it ends (or Ctrl-C), prints its result (paths,
 * or --json) and returns the exit code: what `generate` and `retry` do after queueing.
 */
export async function followOneJob(
  core: Core,
  io: CliIo,
  manifest: RenderManifest,
  options: { json?: boolean },
): Promise<number> {
  const json = options.json === true;
  const reporter = createProgress(io, { json });
  const outcome = await waitForJobs(core, io, new Set([manifest.id]), reporter, [manifest]);
  const { results, exitCode } = await collectResults(core, [manifest.id]);
  if (json) printJson(io, results[0]);
  if (outcome === 'interrupted') {
    printError(io, `stopped; ${manifest.id} stays in the library: ${RESUME_HINT} it`);
    return EXIT.interrupted;
  }
  printResults(io, results, { json });
  return exitCode;
}
