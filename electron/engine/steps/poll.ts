import { coreSaid } from '../../../shared/core-messages';
import { errorParam, isKlingError } from '../../../shared/errors';
import type { RenderManifest } from '../../../shared/job';
import type { RunSnapshot } from '../../../shared/weshop-api';
import { recentRunSamples } from '../../library/run-history';
import { predictFromHistory } from '../finish-predictor';
import { type JobContext, Stopped } from '../job-context';
import { nextPollDelay } from '../poll-policy';
import { clearWarning, setWarning } from '../warnings';
import { MAX_RETRY_AFTER_MS } from './start';

/** Failed polls in a row after which the job shows the problem (it keeps polling). */
export const POLL_PROBLEM_AFTER = 3;
/**
 * A Success answer without any video (e.g. `data.status` only, `executions: null`) is asked
 * again this many times before the run counts as finished without videos: a legal envelope
 * may leave the results out, and the videos are paid for.
 */
export const EMPTY_SUCCESS_POLLS = 3;

/** Errors of a poll that may go away by themselves: keep polling (the run is paid for). */
export const isTransientPollError = (error: unknown) =>
  !isKlingError(error) ||
  error.retryable ||
  ['network', 'timeout', 'server-error', 'rate-limited', 'invalid-response'].includes(error.kind);

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Polls until the run is final (every execution final). Returns the final snapshot, or null
 * when the job ended here (a permanent error).
 */
export async function pollStep(job: JobContext, m: RenderManifest): Promise<RunSnapshot | null> {
  const { deps } = job;
  const executionId = m.executionId as string;
  // Age from the wall clock once (never negative if it moved back), then a monotonic clock.
  const ageAtResume = Math.max(0, deps.now().getTime() - Date.parse(m.startSentAt ?? m.createdAt));
  const resumedAt = deps.monotonicNow();
  const ageMs = () => ageAtResume + Math.max(0, deps.monotonicNow() - resumedAt);
  let remoteState = m.remoteState;
  let consecutiveErrors = 0;
  let shownProblem: string | undefined = m.warning;
  let retryAfterMs: number | undefined;
  let firstPoll = true;
  let emptySuccesses = 0;
  // When this run should finish, from the library's past runs of the model (or its prior).
  const prediction = await predictFromHistory(
    m.request,
    (model) => recentRunSamples(deps.library, model),
    (error) => deps.log.warn({ id: job.id, error: errorText(error) }, 'could not read run history'),
  );
  deps.log.info({ id: job.id, executionId, prediction }, 'expected finish');
  /** Age at which the last poll that found the run unfinished was sent (this process only). */
  let notFinalAtMs: number | undefined;
  /** Age at which the first answer that found it final arrived. */
  let finalByMs: number | undefined;
  if (m.state !== 'running') await job.save(job.moveTo('running', { message: 'Checking the run' }));
  for (;;) {
    const planned = nextPollDelay(
      deps.poll,
      { ageMs: ageMs(), prediction, consecutiveErrors, ...(retryAfterMs ? { retryAfterMs } : {}) },
      deps.random,
    );
    // A run resumed after a while is checked at once; a fresh one is given its first interval.
    const delay = firstPoll ? Math.max(0, planned - ageMs()) : planned;
    firstPoll = false;
    try {
      if (delay > 0) await deps.sleep(delay, job.signal);
      await deps.limiter.acquire(job.signal);
    } catch {
      throw new Stopped();
    }
    let snapshot: RunSnapshot;
    const sentAtMs = ageMs();
    try {
      snapshot = await deps.api.getRun(executionId, { signal: job.signal });
    } catch (error) {
      if (job.signal.aborted) throw new Stopped();
      if (!isTransientPollError(error)) {
        const said = coreSaid('checkFailed', { reason: errorParam(error) });
        await job.fail({
          kind: isKlingError(error) ? error.kind : 'internal',
          message: said.text,
          messageRef: said.ref,
        });
        return null;
      }
      consecutiveErrors++;
      const asked = isKlingError(error) ? error.retryAfterMs : undefined;
      retryAfterMs = asked === undefined ? undefined : Math.min(asked, MAX_RETRY_AFTER_MS);
      deps.log.warn(
        { id: job.id, executionId, consecutiveErrors, error: errorText(error) },
        'poll failed; trying again',
      );
      if (consecutiveErrors >= POLL_PROBLEM_AFTER) {
        const problem = coreSaid('pollsFailing', {
          times: consecutiveErrors,
          last: errorParam(error),
        });
        // Written at the threshold and then every few failures, not on every poll.
        if (!shownProblem || consecutiveErrors % POLL_PROBLEM_AFTER === 0) {
          await job.save((d) => {
            setWarning(d, problem);
          });
          shownProblem = problem.text;
        }
      }
      continue; // the run is paid for: keep trying (with growing delays) until it is final
    }
    consecutiveErrors = 0;
    retryAfterMs = undefined;
    const clearProblem = shownProblem !== undefined;
    if (snapshot.state !== remoteState || clearProblem) {
      remoteState = snapshot.state;
      const state = snapshot.state;
      if (!snapshot.final || clearProblem) {
        await job.save((d) => {
          clearWarning(d);
          if (snapshot.final || d.remoteState === state) return;
          d.remoteState = state;
          d.history.push({ state: 'running', at: deps.now().toISOString(), remoteState: state });
        });
        shownProblem = undefined;
      }
    }
    if (!snapshot.final) {
      notFinalAtMs = sentAtMs;
      continue;
    }
    finalByMs ??= ageMs();
    const withoutVideos = snapshot.state === 'Success' && snapshot.videos.length === 0;
    if (withoutVideos && ++emptySuccesses < EMPTY_SUCCESS_POLLS) {
      deps.log.info({ id: job.id, executionId }, 'Success without videos; asking again');
      continue;
    }
    if (snapshot.state === 'Success' && notFinalAtMs !== undefined) {
      await recordFinish(job, { notFinalAtMs, finalByMs });
    }
    return snapshot;
  }
}

/** Saves when the finish was seen (what the next runs' predictions learn from); best effort. */
async function recordFinish(
  job: JobContext,
  seen: { notFinalAtMs: number; finalByMs: number },
): Promise<void> {
  const rounded = {
    notFinalAtMs: Math.round(seen.notFinalAtMs),
    finalByMs: Math.round(seen.finalByMs),
  };
  try {
    await job.save((d) => {
      d.finishSeen = rounded;
    });
  } catch (error) {
    if (error instanceof Stopped) throw error;
    job.deps.log.warn({ id: job.id, error: errorText(error) }, 'could not save the run time');
  }
}
