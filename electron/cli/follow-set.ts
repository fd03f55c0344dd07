import type { RenderManifest } from '../../shared/job';
import type { Core } from '../app/core';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';
import { collectResults, printError, printJson, printLine, printResults } from './output';
import { createProgress } from './progress';
import { RESUME_HINT, waitForJobs } from './wait-jobs';

/**
 * Waits for every render of a set and prints them: with --json exactly
 * `{ set, renders: [{ id, state, agent, executionId, videos, error? }] }` (the shape scripts
 * parse; a set may mix agents, e.g. the same prompt on Kling 3.0 and Kling 3.0 Omni).
 */
export async function followSet(
  core: Core,
  io: CliIo,
  setId: string,
  renders: readonly RenderManifest[],
  options: { json?: boolean },
  /** More fields for --json (a catalog set's skipped pictures). */
  extra: Record<string, unknown> = {},
): Promise<number> {
  const json = options.json === true;
  const ids = renders.map((m) => m.id);
  const reporter = createProgress(io, { json });
  const outcome = await waitForJobs(core, io, new Set(ids), reporter, renders);
  const { results, exitCode } = await collectResults(core, ids);
  if (json) {
    printJson(io, {
      set: setId,
      ...extra,
      renders: results.map(({ id, state, agent, executionId, videos, error }) =>
        error
          ? { id, state, agent, executionId, videos, error }
          : { id, state, agent, executionId, videos },
      ),
    });
  }
  if (outcome === 'interrupted') {
    printError(io, `stopped; set ${setId} stays in the library: ${RESUME_HINT} it`);
    return EXIT.interrupted;
  }
  printResults(io, results, { json });
  const done = results.filter((r) => r.state === 'done').length;
  const summary = `set ${setId}: ${done} of ${results.length} renders done`;
  if (json) io.stderr.write(`${summary}\n`);
  else printLine(io, summary);
  return exitCode;
}
