import { setTimeout as sleep } from 'node:timers/promises';
import { PollResponse, readRunSnapshot } from '../../shared/weshop-api';
import type { Emulator } from '../emulator/types';

/** WeShop's own clients poll every 3 s: the reference the issue measures against. */
export const FIXED_LOOP_MS = 3_000;

export interface FixedLoopResult {
  requests: number;
  /** Date.now() when the first answer saying Success arrived. */
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
): Promise<FixedLoopResult> {
  const deadline = Date.now() + limitMs;
  let requests = 0;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`3 s loop: run ${executionId} never finished`);
    await sleep(FIXED_LOOP_MS);
    requests++;
    const response = await fetch(`${emulator.apiBase}/agent/runs/${executionId}`, {
      headers: { authorization: emulator.apiKey },
      signal: AbortSignal.timeout(10_000),
    });
    const snapshot = readRunSnapshot(PollResponse.parse(await response.json()));
    if (snapshot.state === 'Success') return { requests, successSeenAt: Date.now() };
    if (snapshot.final) throw new Error(`3 s loop: run ${executionId} ended ${snapshot.state}`);
  }
}
