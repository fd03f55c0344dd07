import type { RenderManifest } from '../../shared/job';
import type { Core } from '../app/core';
import type { CliIo } from './io';
import type { ProgressReporter } from './progress';

export type WaitOutcome = 'idle' | 'interrupted';

/**
 * Shows progress for `ids` until the engine is idle. Ctrl-C closes the engine instead of
 * killing the process: polls and downloads stop where they are, every manifest is already on
 * disk, and `resume` carries on from there.
 */
export async function waitForJobs(
  core: Core,
  io: CliIo,
  ids: ReadonlySet<string> | null,
  reporter: ProgressReporter,
  initial: readonly RenderManifest[] = [],
): Promise<WaitOutcome> {
  const mine = (id: string) => ids === null || ids.has(id);
  for (const manifest of initial) if (mine(manifest.id)) reporter.update(manifest);
  const offUpdate = core.engine.on('job:update', (m) => mine(m.id) && reporter.update(m));
  const offProgress = core.engine.on('job:progress', (p) => mine(p.id) && reporter.progress(p));
  const stop: { closing: Promise<void> | null } = { closing: null };
  const offInterrupt = io.onInterrupt(() => {
    if (stop.closing) return;
    reporter.stop();
    io.stderr.write('\nStopping… (press Ctrl-C again to quit at once)\n');
    stop.closing = core.close();
  });
  try {
    await core.engine.idle();
    if (stop.closing) await stop.closing;
  } finally {
    offInterrupt();
    offUpdate();
    offProgress();
    reporter.stop();
  }
  return stop.closing ? 'interrupted' : 'idle';
}

export const RESUME_HINT = 'run `kling-studio resume` to finish';
