import { coreSaid, type Said, saidParam } from '../../shared/core-messages';
import { type AppError, type ErrorKind, errorParam, KlingError } from '../../shared/errors';

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

/**
 * `taskName`: what the start sent as input.taskName (the manifest's taskName); without one
 * (an older version's start) the message names no label it never sent. The label is how
 * WeShop's history lists the run.
 */
export function needsAttentionError(cause: unknown, taskName?: string): KlingError {
  const base = taskName
    ? coreSaid('needsAttentionLookFor', { taskName })
    : coreSaid('needsAttention');
  const hasCause =
    (cause instanceof Error && cause.message !== '') ||
    (typeof cause === 'object' && cause !== null && 'message' in cause && cause.message !== '');
  const said = hasCause
    ? coreSaid('whatHappened', { message: saidParam(base), cause: errorParam(cause) })
    : base;
  return new KlingError('needs-attention', said.text, { messageRef: said.ref });
}

/** A canceled render's error: our words, with their ref. */
const canceledError = (said: Said): AppError => ({
  kind: 'canceled',
  message: said.text,
  messageRef: said.ref,
});

/** Cancel before the start request was written: nothing can have reached WeShop. */
export const canceledBeforeStart = () => canceledError(coreSaid('canceledBeforeStart'));
/** "Stop waiting" once a start may have reached WeShop (it has no cancel endpoint). */
export const stoppedWaitingAfterStartSent = () =>
  canceledError(coreSaid('stoppedWaitingAfterStartSent'));
export const stoppedWaitingOnRun = () => canceledError(coreSaid('stoppedWaitingOnRun'));
/** WeShop refused the start of a render canceled meanwhile: `reason` is its refusal. */
export const canceledStartRefused = (reason: unknown) =>
  canceledError(coreSaid('canceledStartRefused', { reason: errorParam(reason) }));
