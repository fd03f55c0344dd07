import { isKlingError, KlingError, toAppError } from '../../shared/errors';
import { isTerminal, pictureCopiesOwed, startOutcomeUnknown } from '../../shared/job';
import { createJobContext, markNeedsAttention, type RunnerDeps, Stopped } from './job-context';
import { collectStep, downloadStep } from './steps/download';
import { pollStep } from './steps/poll';
import { keepSourceImage } from './steps/source-image';
import { startStep } from './steps/start';
import { uploadStep } from './steps/upload';

export type { RunnerDeps } from './job-context';

/**
 * Moves one job from wherever its manifest says it is to a final state:
 * upload → start → poll → collect → download (each in steps/). Every step is written to disk
 * before the next network call, so a crash at any point resumes correctly.
 */
export function createJobRunner(deps: RunnerDeps) {
  return async function runJob(id: string, signal: AbortSignal, quit: AbortSignal): Promise<void> {
    const job = createJobContext(deps, id, signal, quit);
    try {
      let m = await deps.library.read(id);
      if (!m) return;
      if (isTerminal(m.state)) {
        // Ended before it ran (canceled while it waited): the copies it owes are still made.
        if (pictureCopiesOwed(m)) await keepSourceImage(deps, id);
        return;
      }
      if (!m.executionId) {
        try {
          if (startOutcomeUnknown(m)) {
            // Resumed after a crash between sending the start and saving its answer.
            await job.save(markNeedsAttention(deps.now));
            return;
          }
          const imageUrls = await uploadStep(job, m);
          if (!imageUrls) return;
          m = await startStep(job, m, imageUrls);
          if (!m) return;
        } finally {
          // The start has left (or never will from here): now the input pictures' copies, which
          // the start did not wait for. A crash before this line is repaired by resume.
          await keepSourceImage(deps, id);
        }
      } else if (pictureCopiesOwed(m)) {
        await keepSourceImage(deps, id);
      }
      // Videos are saved only once the run is final: with them known, only downloads remain.
      const videosKnown = m.videos.length > 0;
      if (!videosKnown) {
        const snapshot = await pollStep(job, m);
        if (!snapshot) return;
        m = await collectStep(job, snapshot);
        if (!m) return;
      }
      await downloadStep(job, m);
    } catch (error) {
      if (error instanceof Stopped || signal.aborted) return;
      if (isKlingError(error, 'not-found')) return; // the render was deleted under us
      throw error instanceof KlingError
        ? error
        : new KlingError('internal', toAppError(error).message, { cause: error });
    }
  };
}
