import type { RenderManifest } from '../../shared/job';
import type { Core } from '../app/core';
import { RUN_ID_LOG } from '../engine/recover-run-ids';
import type { UnsavedRun } from '../engine/types';
import type { CliIo } from './io';
import type { ProgressReporter } from './progress';

export type WaitOutcome = 'idle' | 'interrupted';

/** What a command knows when the user quits at once (a second Ctrl-C). */
export interface QuitNow {
  /** The last state of each followed render this process saw (from memory: no disk reads). */
  latest: ReadonlyMap<string, RenderManifest>;
  /** Paid runs of those renders whose id is not in render.json yet. */
  unsaved: readonly UnsavedRun[];
}

export interface WaitOptions {
  /**
   * Called on a second Ctrl-C, right before the process exits: print what the user must not
   * lose (e.g. the --json result), synchronously.
   */
  onQuitNow?: (state: QuitNow) => void;
}

/** How the run comes back after a quit: from the journal, else by hand with its id. */
export const wayBack = (run: UnsavedRun) =>
  run.journaled
    ? '`kling-studio resume` recovers it from the log'
    : `keep its id: \`kling-studio resume\`, then \`kling-studio attach ${run.id} ${run.executionId}\` collects it`;

const savingLine = (run: UnsavedRun) =>
  `Saving the run id of ${run.id} (WeShop is already making it) — ${run.problem}; press Ctrl-C again to quit anyway (the run stays paid; ${wayBack(run)})\n`;

const quittingLine = (run: UnsavedRun) =>
  `Quitting without saving the run id of ${run.id}: run ${run.executionId} is paid for on WeShop and its videos are not collected. Once you ${run.problem}, ${wayBack(run)}.\n`;

/**
 * Shows progress for `ids` until the engine is idle. Ctrl-C closes the engine instead of
 * killing the process: polls and downloads stop where they are, every manifest is already on
 * disk, and `resume` carries on from there. A paid run whose id is not on disk yet (a full
 * disk) is the exception: the first Ctrl-C keeps saving it and says what would free it; only
 * a second one quits without it, saying what that costs.
 */
export async function waitForJobs(
  core: Core,
  io: CliIo,
  ids: ReadonlySet<string> | null,
  reporter: ProgressReporter,
  initial: readonly RenderManifest[] = [],
  options: WaitOptions = {},
): Promise<WaitOutcome> {
  const mine = (id: string) => ids === null || ids.has(id);
  const latest = new Map<string, RenderManifest>();
  const seen = (m: RenderManifest) => {
    latest.set(m.id, m);
    reporter.update(m);
  };
  for (const manifest of initial) if (mine(manifest.id)) seen(manifest);
  const stop: { closing: Promise<void> | null } = { closing: null };
  /** Renders whose unsaved run id was announced after Ctrl-C (once each). */
  const announced = new Set<string>();
  const announce = (run: UnsavedRun) => {
    if (!stop.closing || announced.has(run.id) || !mine(run.id)) return;
    announced.add(run.id);
    io.stderr.write(savingLine(run));
  };
  const offs = [
    core.engine.on('job:update', (m) => mine(m.id) && seen(m)),
    core.engine.on('job:progress', (p) => mine(p.id) && reporter.progress(p)),
    core.engine.on('run:unsaved', announce),
    core.engine.on('run:saved', (run) => {
      if (announced.has(run.id)) io.stderr.write(`Saved the run id of ${run.id}.\n`);
    }),
  ];
  const quitNow = () => {
    const unsaved = core.engine.unsavedRuns().filter((run) => mine(run.id));
    for (const run of unsaved) {
      io.stderr.write(quittingLine(run));
      // One more line naming the run in the support log (written synchronously).
      core.logger.error(RUN_ID_LOG.gaveUp, { id: run.id, executionId: run.executionId });
    }
    options.onQuitNow?.({ latest, unsaved });
  };
  offs.push(
    io.onInterrupt((press) => {
      if (press === 'again') return quitNow();
      if (stop.closing) return;
      reporter.stop();
      io.stderr.write('\nStopping… (press Ctrl-C again to quit at once)\n');
      stop.closing = core.close();
      for (const run of core.engine.unsavedRuns()) announce(run);
    }),
  );
  try {
    await core.engine.idle();
    if (stop.closing) await stop.closing;
  } finally {
    for (const off of offs) off();
    reporter.stop();
  }
  return stop.closing ? 'interrupted' : 'idle';
}

export const RESUME_HINT = 'run `kling-studio resume` to finish';
