import { isKlingError, messageOf, toAppError } from '../../../shared/errors';
import { isTerminal, type RenderManifest } from '../../../shared/job';
import { runTaskName } from '../../../shared/task-name';
import type { StartedRun } from '../../weshop/types';
import { type JobContext, markFailed, markNeedsAttention, moveTo, Stopped } from '../job-context';
import { canceledStartRefused, isClearRejection, STOPPED_WAITING_ON_RUN } from '../start-errors';

/** Retry-After is honoured up to this; a longer ask is capped (the user can still cancel). */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;
const RATE_LIMIT_FALLBACK_MS = 5_000;
const SAVE_RETRY_FIRST_MS = 100;
const SAVE_RETRY_MAX_MS = 30_000;
/** Attempts at saving a run id after the job was stopped (the process is closing). */
const SAVE_ATTEMPTS_WHEN_STOPPED = 3;

/**
 * Sends the start (once, unless WeShop says "not now" with 429/40005, which created nothing)
 * and saves its run id. Returns the manifest with an executionId, or null when the job ended.
 */
export async function startStep(
  job: JobContext,
  m: RenderManifest,
  imageUrl: string,
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
      // A local image's URL (the upload step skips its own save when it was known already).
      if (imageUrl !== d.request.image) d.uploadedImageUrl = imageUrl;
      delete d.error;
    });
    let started: StartedRun;
    try {
      // No abort signal: a start cut off mid-flight is exactly the double-charge risk.
      started = await deps.api.startRun(m.request, imageUrl, m.idempotencyKey, { taskName });
    } catch (error) {
      if (isKlingError(error, 'rate-limited') && attempt < deps.startRateLimitAttempts) {
        await waitForStartSlot(job, error, attempt);
        continue;
      }
      await recordStartFailure(job, error);
      return null;
    }
    return recordStarted(job, started);
  }
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
  const warning = `WeShop is busy (${error.message}); sending the start again in ${Math.ceil(waitMs / 1000)} s (attempt ${attempt + 1} of ${deps.startRateLimitAttempts}). No credits were used.`;
  deps.log.warn({ id: job.id, attempt, waitMs }, 'start rate-limited; waiting to send it again');
  await job.saveAlways((d) => {
    delete d.startSentAt;
    if (d.state === 'canceled')
      d.error = { kind: 'canceled', message: canceledStartRefused(error.message) };
    else if (!isTerminal(d.state)) d.warning = warning;
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
    delete d.warning;
    const appError = toAppError(error);
    if (d.state === 'canceled') {
      d.error = { kind: 'canceled', message: canceledStartRefused(appError.message) };
      return;
    }
    if (!isTerminal(d.state)) markFailed(deps.now, appError)(d);
  });
}

/**
 * The run exists and is paid for: its id must reach the disk. The id is in the log first, kept
 * in memory, and the save is retried with backoff (a full disk, an antivirus lock on rename).
 */
async function recordStarted(job: JobContext, started: StartedRun): Promise<RenderManifest> {
  const { deps } = job;
  const { executionId } = started;
  deps.log.info({ id: job.id, executionId }, 'WeShop started a run; saving its id');
  let delayMs = SAVE_RETRY_FIRST_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      const saved = await job.saveAlways((d) => {
        d.executionId = executionId;
        if (started.credits) d.credits = started.credits;
        delete d.warning;
        if (d.state === 'canceled') {
          // Canceled while the start was on its way: keep the run collectable, say the truth.
          d.error = { kind: 'canceled', message: STOPPED_WAITING_ON_RUN };
          return;
        }
        if (!isTerminal(d.state)) moveTo(deps.now, 'running')(d);
      });
      if (attempt > 1) deps.log.info({ id: job.id, executionId, attempt }, 'run id saved');
      if (saved.state !== 'running' || job.signal.aborted) throw new Stopped();
      return saved;
    } catch (error) {
      if (error instanceof Stopped || isKlingError(error, 'not-found')) throw error;
      const detail = messageOf(error);
      deps.log.error(
        { id: job.id, executionId, attempt, error: detail },
        'could not save the run id; trying again',
      );
      if (job.signal.aborted && attempt >= SAVE_ATTEMPTS_WHEN_STOPPED) {
        // On disk the job still has startSentAt without an id: the next start makes it
        // needs-attention, and the log above names the run id for support.
        throw new Stopped();
      }
      await deps.sleep(delayMs);
      delayMs = Math.min(delayMs * 2, SAVE_RETRY_MAX_MS);
    }
  }
}
