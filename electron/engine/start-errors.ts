import { type ErrorKind, KlingError } from '../../shared/errors';

/**
 * Errors that prove WeShop refused the start (or that it was never sent): nothing can be
 * running, so the job simply fails and a retry is safe. Anything else (a dropped connection,
 * a timeout, a 5xx, a body we could not read) may have hidden a started, charged run.
 */
const CLEAR_REJECTIONS: readonly ErrorKind[] = [
  'invalid-input',
  'bad-key',
  'no-key',
  'insufficient-credits',
  'rate-limited',
  'refused-host',
];

export const isClearRejection = (error: unknown): error is KlingError =>
  error instanceof KlingError &&
  (CLEAR_REJECTIONS.includes(error.kind) ||
    // The client marks a failed start retryable only when the request provably never left
    // (connection refused, DNS): one that may have reached WeShop comes back retryable:false.
    (error.kind === 'network' && error.retryable));

const NO_RUN_ID = 'The start request may have reached WeShop but no run id came back.';
const NOT_AGAIN =
  'Starting again could charge twice, so Kling Studio will not start it again on its own. Retry only if you are sure no run started (the retry reuses the same Idempotency-Key, which lets WeShop spot a duplicate).';
export const NEEDS_ATTENTION_MESSAGE = `${NO_RUN_ID} ${NOT_AGAIN}`;

/** Where to look: the label the start sent (input.taskName) is how WeShop's history lists it. */
const lookFor = (taskName: string) =>
  `Look for "${taskName}" in your WeShop history: if it is there, the run started and is paid for.`;

/**
 * `taskName`: what the start sent as input.taskName (the manifest's taskName); without one
 * (an older version's start) the message names no label it never sent.
 */
export function needsAttentionError(cause: unknown, taskName?: string): KlingError {
  const detail =
    cause instanceof Error && cause.message ? ` (What happened: ${cause.message})` : '';
  const message = taskName
    ? `${NO_RUN_ID} ${lookFor(taskName)} ${NOT_AGAIN}`
    : NEEDS_ATTENTION_MESSAGE;
  return new KlingError('needs-attention', `${message}${detail}`);
}

/** Cancel before the start request was written: nothing can have reached WeShop. */
export const CANCELED_BEFORE_START = 'Canceled before it started: no credits were used.';
/** "Stop waiting" once a start may have reached WeShop (it has no cancel endpoint). */
export const STOPPED_WAITING_AFTER_START_SENT =
  'Stopped waiting while the start request was on its way. WeShop has no cancel, so a run may have started and used credits. If it did, its id arrives here and "Check again" collects its videos.';
export const STOPPED_WAITING_ON_RUN =
  'Stopped waiting: the run is on WeShop and its credits are spent (WeShop has no cancel). "Check again" collects its videos whenever you like.';
export const canceledStartRefused = (reason: string) =>
  `Canceled: WeShop refused the start (${reason}), so no credits were used.`;
