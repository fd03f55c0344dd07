import { randomUUID } from 'node:crypto';
import { stateParam } from '../../../shared/core-messages';
import { coreError } from '../../../shared/errors';
import { isRetryable, type RenderManifest, startOutcomeUnknown } from '../../../shared/job';
import { retryStartsNewRun } from '../../../shared/rerun-cost';
import type { ManifestMutation } from '../../library/library';
import { PRIORITY_NEW, PRIORITY_STARTED } from '../scheduler';
import { clearWarning } from '../warnings';
import { drivenElsewhere, historyEntry, mustRead, type OperationContext } from './context';

export interface RetryOptions {
  confirmChargeTwice?: boolean;
}

const mayChargeTwice = () => coreError('needs-attention', 'retryMayChargeTwice');

/** Refuses what a retry must not do: a render that has not ended, a start of unknown outcome. */
function checkRetryable(current: RenderManifest, options: RetryOptions): void {
  if (!isRetryable(current.state)) {
    throw coreError('invalid-input', 'notRetryable', { state: stateParam(current.state) });
  }
  if (startOutcomeUnknown(current) && !options.confirmChargeTwice) throw mayChargeTwice();
}

/**
 * The manifest change of a retry: queued again, to check the run it has or to start anew.
 * Decided again on what is on disk now (a concurrent retry here may have queued it already).
 */
const requeue =
  (ctx: OperationContext, options: RetryOptions): ManifestMutation =>
  (m) => {
    if (!isRetryable(m.state)) return m;
    if (startOutcomeUnknown(m) && !options.confirmChargeTwice) throw mayChargeTwice();
    let message: string;
    if (startOutcomeUnknown(m)) {
      // The user's explicit, confirmed choice: start again, with the SAME Idempotency-Key.
      delete m.startSentAt;
      message = 'Retry (confirmed): starting again with the same Idempotency-Key';
    } else if (!retryStartsNewRun(m)) {
      // The run exists and may be done: check it (and download) instead of paying again.
      // (Delivered videos are paid for: never replaced by a new run, only downloaded.)
      message = 'Retry: checking the existing run again';
    } else {
      if (m.executionId) m.idempotencyKey = randomUUID(); // a new run needs a new key
      delete m.executionId;
      delete m.startSentAt;
      delete m.remoteState;
      delete m.serverMessage;
      m.videos = [];
      message = 'Retry: starting a new run';
    }
    delete m.error;
    clearWarning(m);
    m.state = 'queued';
    m.history.push(historyEntry(ctx, 'queued', message));
  };

/**
 * failed / canceled / needs-attention → queued again. The render's claim is taken first, so
 * render.json changes only while this process holds it: another live process that drives the
 * render (or is about to) is never raced, and the retry is refused with where it runs. The
 * claim is let go again if anything fails before the job is in the queue.
 */
export async function retryRender(
  ctx: OperationContext,
  id: string,
  options: RetryOptions = {},
): Promise<RenderManifest> {
  ctx.assertOpen();
  const { library, scheduler } = ctx;
  checkRetryable(await mustRead(ctx, id), options);
  await scheduler.settled(id); // a canceled job may still be finishing its start request
  const claimed = await library.claim(id);
  if (!claimed.ok) {
    throw drivenElsewhere(claimed.owner, 'drivenRetry');
  }
  let queued = false;
  try {
    const updated = await ctx.change(id, requeue(ctx, options));
    if (updated.state === 'queued') {
      // Claimed here already, so the scheduler's own claim cannot fail.
      queued = await scheduler.enqueue(id, updated.executionId ? PRIORITY_STARTED : PRIORITY_NEW);
    }
    return updated;
  } finally {
    // Not in this process's queue (a failure, a closed engine): let another process have it.
    if (!queued && !scheduler.isScheduled(id)) await scheduler.releaseClaim(id);
  }
}
