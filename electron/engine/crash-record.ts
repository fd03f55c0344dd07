import { isKlingError, messageOf } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { isDiskError, withNextStep } from '../library/disk-errors';
import type { ManifestMutation } from '../library/library';
import { markFailed } from './job-context';
import type { EngineEvents, EngineLog, StoppedJob } from './types';

interface CrashRecorderDeps {
  change(id: string, mutate: ManifestMutation): Promise<RenderManifest>;
  now: () => Date;
  log: EngineLog;
  emit: <E extends keyof EngineEvents>(event: E, payload: EngineEvents[E]) => void;
  on: <E extends keyof EngineEvents>(
    event: E,
    listener: (payload: EngineEvents[E]) => void,
  ) => () => void;
  /** What picks an unfinished render up again in this program ("then run `kling-studio resume`"). */
  resumeStep: string;
}

/**
 * A crash recorded on the job leaves it failed (or needs-attention), which resume does not pick
 * up: the way on is Retry, which checks a run WeShop already has instead of paying again.
 */
const RETRY_STEP =
  'then retry the render (a run WeShop already started is collected, not paid for again)';

/** What a recorded crash says: a disk problem in its own words, anything else as a bug. */
const recordedStopMessage = (error: unknown) =>
  isDiskError(error)
    ? messageOf(withNextStep(error, RETRY_STEP))
    : `Something went wrong: ${messageOf(error)}`;

/**
 * What the user is told when a job stopped and even that could not be written to its
 * render.json: the render is still unfinished on disk, so the next step is the one that picks
 * it up again, once the write problem is fixed.
 */
function unrecordedStopMessage(error: unknown, saveError: unknown, resumeStep: string): string {
  const stopped = messageOf(error);
  if (isDiskError(saveError)) {
    const disk = messageOf(withNextStep(saveError, resumeStep));
    // Usually the very same write failed twice (the job's own save, then this one).
    const same = isDiskError(error) && error.code === saveError.code;
    return same ? disk : `${disk} (What stopped it: ${stopped})`;
  }
  return `Something went wrong: ${stopped}. It could not be saved with the render either (${messageOf(saveError)}): fix that, ${resumeStep}.`;
}

/**
 * A job's run threw (a bug, a disk error): recorded on the job rather than let escape. When
 * even that write fails (a full disk holds render.json too), the stop lives in memory: told
 * as a 'job:stopped' event and kept for `list()` until the render is saved again, so the
 * process that drives it can still say which render stopped and what to do.
 */
export function createCrashRecorder(deps: CrashRecorderDeps) {
  const { log } = deps;
  const stops = new Map<string, StoppedJob>();
  // Anything saved for the render later (a retry, a resume here) supersedes the stop.
  deps.on('job:update', (manifest) => stops.delete(manifest.id));

  return {
    /** Jobs whose stop is known only here (render.json could not take it). */
    list: (): StoppedJob[] => [...stops.values()],

    async record(id: string, error: unknown): Promise<void> {
      const message = messageOf(error);
      log.error({ id, error: message }, 'job stopped by an unexpected error');
      try {
        // markFailed turns it into needs-attention when a start may have reached WeShop.
        await deps.change(
          id,
          markFailed(deps.now, { kind: 'internal', message: recordedStopMessage(error) }),
        );
      } catch (saveError) {
        log.error({ id, error: String(saveError) }, 'could not record the error on the job');
        if (isKlingError(saveError, 'not-found')) return; // deleted meanwhile: nothing to tell
        const stop: StoppedJob = {
          id,
          error: {
            kind: 'internal',
            message: unrecordedStopMessage(error, saveError, deps.resumeStep),
          },
        };
        stops.set(id, stop);
        deps.emit('job:stopped', stop);
      }
    },
  };
}
