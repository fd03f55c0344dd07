import { coreSaid } from '../../../shared/core-messages';
import { errorParam, isKlingError, messageOf, toAppError } from '../../../shared/errors';
import { isTerminal, type RenderManifest } from '../../../shared/job';
import { requestImages } from '../../../shared/render-request';
import { runTaskName } from '../../../shared/task-name';
import { isDiskError } from '../../library/disk-errors';
import type { StartedRunRecord } from '../../library/started-runs';
import type { StartedRun } from '../../weshop/types';
import { type JobContext, markFailed, markNeedsAttention, moveTo, Stopped } from '../job-context';
import { RUN_ID_LOG } from '../recover-run-ids';
import { canceledStartRefused, isClearRejection, stoppedWaitingOnRun } from '../start-errors';
import { clearWarning, setWarning } from '../warnings';

/** Retry-After is honoured up to this; a longer ask is capped (the user can still cancel). */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;
const RATE_LIMIT_FALLBACK_MS = 5_000;
const SAVE_RETRY_FIRST_MS = 100;
const SAVE_RETRY_MAX_MS = 30_000;

/**
 * Sends the start (once, unless WeShop says "not now" with 429/40005, which created nothing)
 * and saves its run id. Returns the manifest with an executionId, or null when the job ended.
 */
export async function startStep(
  job: JobContext,
  m: RenderManifest,
  imageUrls: string[],
): Promise<RenderManifest | null> {
  const { deps } = job;
  // How WeShop's history will list the run: the way to find it if its id never comes back.
  const taskName = runTaskName(m.request.prompt, m.id);
  for (let attempt = 1; ; attempt++) {
    // startSentAt is on disk BEFORE the request leaves: after a crash we know it may have
    // arrived. job.save refuses inside the serialised update if a cancel came first.
    await job.save((d) => {
      job.moveTo('starting')(d);
      d.startSentAt = deps.now().toISOString();
      d.taskName = taskName;
      // The pictures' URLs (the upload step skips its own save when they were known already).
      recordUploadedUrls(d, imageUrls);
      delete d.error;
    });
    let started: StartedRun;
    try {
      // No abort signal: a start cut off mid-flight is exactly the double-charge risk.
      started = await deps.api.startRun(m.request, imageUrls, m.idempotencyKey, { taskName });
    } catch (error) {
      if (isKlingError(error, 'rate-limited') && attempt < deps.startRateLimitAttempts) {
        await waitForStartSlot(job, error, attempt);
        continue;
      }
      await recordStartFailure(job, error);
      return null;
    }
    return recordStarted(job, m, started);
  }
}

/** Saves where the request's local pictures live on WeShop (remote ones are their own URL). */
function recordUploadedUrls(d: RenderManifest, imageUrls: string[]): void {
  const pictures = requestImages(d.request);
  if (imageUrls.every((url, i) => url === pictures[i])) return;
  d.uploadedImageUrls = [...imageUrls];
  const first = imageUrls[0];
  if (first !== undefined && first !== d.request.image) d.uploadedImageUrl = first;
}

/** WeShop said "not now" and created nothing: wait as asked, then the loop sends again. */
async function waitForStartSlot(
  job: JobContext,
  error: { message: string; retryAfterMs?: number | undefined },
  attempt: number,
): Promise<void> {
  const { deps } = job;
  const waitMs = Math.min(
    MAX_RETRY_AFTER_MS,
    error.retryAfterMs ?? RATE_LIMIT_FALLBACK_MS * 2 ** (attempt - 1),
  );
  const warning = coreSaid('startBusy', {
    reason: errorParam(error),
    seconds: Math.ceil(waitMs / 1000),
    attempt: attempt + 1,
    attempts: deps.startRateLimitAttempts,
  });
  deps.log.warn({ id: job.id, attempt, waitMs }, 'start rate-limited; waiting to send it again');
  await job.saveAlways((d) => {
    delete d.startSentAt;
    if (d.state === 'canceled') d.error = canceledStartRefused(error);
    else if (!isTerminal(d.state)) setWarning(d, warning);
  });
  try {
    await deps.sleep(waitMs, job.signal);
  } catch {
    throw new Stopped();
  }
}

async function recordStartFailure(job: JobContext, error: unknown): Promise<void> {
  const { deps } = job;
  const clear = isClearRejection(error);
  deps.log.warn(
    { id: job.id, kind: isKlingError(error) ? error.kind : 'internal', clear },
    'start request failed',
  );
  await job.saveAlways((d) => {
    if (!clear) {
      // Even when canceled meanwhile: the user must learn that a run may exist.
      markNeedsAttention(deps.now, error)(d);
      return;
    }
    // WeShop said no: nothing runs, so a later attempt may start cleanly.
    delete d.startSentAt;
    clearWarning(d);
    const appError = toAppError(error);
    if (d.state === 'canceled') {
      d.error = canceledStartRefused(appError);
      return;
    }
    if (!isTerminal(d.state)) markFailed(deps.now, appError)(d);
  });
}

/**
 * The run exists and is paid for: its id must reach the disk. It goes to the log and the
 * started-runs journal first (resume finds it there if render.json never gets it), and the save
 * is retried with backoff (a full disk, an antivirus lock on rename) until it works. A stop
 * (cancel, close, Ctrl-C) does not end that; only a forced quit does (job.quit).
 */
async function recordStarted(
  job: JobContext,
  m: RenderManifest,
  started: StartedRun,
): Promise<RenderManifest> {
  const { deps } = job;
  const { executionId } = started;
  // The name WeShop's history shows for it: support can match this line to the user's history.
  const taskName = runTaskName(m.request.prompt, m.id);
  deps.log.info(
    { id: job.id, executionId, idempotencyKey: m.idempotencyKey, taskName },
    RUN_ID_LOG.started,
  );
  const record: StartedRunRecord = {
    id: job.id,
    executionId,
    idempotencyKey: m.idempotencyKey,
    at: deps.now().toISOString(),
    ...(started.credits ? { credits: started.credits } : {}),
  };
  let journaled = await journal(job, record);
  let delayMs = SAVE_RETRY_FIRST_MS;
  for (let attempt = 1; ; attempt++) {
    let saved: RenderManifest;
    try {
      saved = await job.saveAlways((d) => {
        d.executionId = executionId;
        if (started.credits) d.credits = started.credits;
        clearWarning(d);
        if (d.state === 'canceled') {
          // Canceled while the start was on its way: keep the run collectable, say the truth.
          d.error = stoppedWaitingOnRun();
          return;
        }
        if (!isTerminal(d.state)) moveTo(deps.now, 'running')(d);
      });
    } catch (error) {
      if (isKlingError(error, 'not-found')) {
        deps.unsaved.settled(job.id, false); // the render was deleted: nothing to save it in
        throw error;
      }
      const problem = isDiskError(error) ? error.fix : messageOf(error);
      deps.log.error(
        { id: job.id, executionId, attempt, error: messageOf(error) },
        RUN_ID_LOG.saveFailed,
      );
      if (!journaled) journaled = await journal(job, record);
      deps.unsaved.failed({ id: job.id, executionId, problem, journaled });
      await waitToSaveAgain(job, executionId, delayMs);
      delayMs = Math.min(delayMs * 2, SAVE_RETRY_MAX_MS);
      continue;
    }
    if (attempt > 1) deps.log.info({ id: job.id, executionId, attempt }, RUN_ID_LOG.saved);
    deps.unsaved.settled(job.id, true);
    if (saved.state !== 'running' || job.signal.aborted) throw new Stopped();
    return saved;
  }
}

/** Appends the run id to the started-runs journal; false (logged) when that failed too. */
async function journal(job: JobContext, record: StartedRunRecord): Promise<boolean> {
  try {
    await job.deps.runIds.record(record);
    return true;
  } catch (error) {
    job.deps.log.error(
      { id: job.id, executionId: record.executionId, error: messageOf(error) },
      'could not write the run id to the started-runs journal',
    );
    return false;
  }
}

/** Waits before the next save; a forced quit ends the wait and gives the save up. */
async function waitToSaveAgain(job: JobContext, executionId: string, delayMs: number) {
  const { deps } = job;
  try {
    if (job.quit.aborted) throw job.quit.reason;
    await deps.sleep(delayMs, job.quit);
  } catch {
    // On disk the job still has startSentAt without an id; resume finds the id in the
    // started-runs journal or in this line and the ones above.
    deps.log.error({ id: job.id, executionId }, RUN_ID_LOG.gaveUp);
    deps.unsaved.settled(job.id, false);
    throw new Stopped();
  }
}
