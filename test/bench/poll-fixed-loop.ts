import { PollResponse, readRunSnapshot } from '../../shared/weshop-api';
import type { Emulator } from '../emulator/types';
import type { BenchTime } from './bench-time';

/** WeShop's own clients poll every 3 s: the reference the issue measures against. */
export const FIXED_LOOP_MS = 3_000;

export interface FixedLoopResult {
  requests: number;
  /** When (bench time) the first answer saying Success arrived. */
  successSeenAt: number;
}

/**
 * The reference poller on one run: from the moment its start answered, a GET every 3 s
 * until the run is final. It polls the very run the engine polls (same emulator, same
 * clock), so both see the same Success moment.
 */
export async function pollEveryThreeSeconds(
  emulator: Emulator,
  executionId: string,
  limitMs: number,
  time: BenchTime,
): Promise<FixedLoopResult> {
  const deadline = time.nowMs() + limitMs;
  let requests = 0;
  for (;;) {
    if (time.nowMs() > deadline) throw new Error(`3 s loop: run ${executionId} never finished`);
    await time.sleep(FIXED_LOOP_MS);
    requests++;
    const response = await time.fetch(`${emulator.apiBase}/agent/runs/${executionId}`, {
      headers: { authorization: emulator.apiKey },
      signal: AbortSignal.timeout(10_000),
    });
    const snapshot = readRunSnapshot(PollResponse.parse(await response.json()));
    if (snapshot.state === 'Success') return { requests, successSeenAt: time.nowMs() };
    if (snapshot.final) throw new Error(`3 s loop: run ${executionId} ended ${snapshot.state}`);
  }
}
