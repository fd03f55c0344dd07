import type { FinishPrediction } from '../../electron/engine/finish-predictor';
import { baseDelay, type PollPolicy } from '../../electron/engine/poll-policy';

/**
 * The poll interval in force at `atMs` after a run's start: replays the schedule without
 * jitter (jitter only ever shortens a delay) and returns the gap between the polls around
 * that moment, so it bounds how late a finish at `atMs` can be noticed.
 */
export function intervalAround(
  policy: PollPolicy,
  prediction: FinishPrediction,
  atMs: number,
): number {
  let pollAt = 0;
  for (;;) {
    const delay = baseDelay(policy, prediction, pollAt);
    if (pollAt + delay >= atMs) return delay;
    pollAt += delay;
  }
}
