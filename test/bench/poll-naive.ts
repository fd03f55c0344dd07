import { PollResponse, readRunSnapshot } from '../../shared/weshop-api';
import { FIXTURES } from '../emulator/fixtures';
import { startBody, uploadFile } from '../emulator/testing';
import {
  type Detection,
  POLL_RUNS,
  type PollOutcome,
  runTimingsFor,
  startSteppedEmulator,
  totalMs,
  trackedFetch,
} from './poll-setup';
import { createStepClock } from './step-clock';

const NAIVE_INTERVAL_MS = 1_000;
const FINAL = new Set(['Success', 'Failed', 'Canceled']);

/** The reference: every run polled every second until final, on the same emulator setup. */
export async function pollNaively(seed: number): Promise<PollOutcome> {
  const clock = createStepClock();
  const emulator = await startSteppedEmulator(clock);
  const counter = { statusRequests: 0 };
  const fetchTracked = trackedFetch(clock, counter);
  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetchTracked(`${emulator.apiBase}${path}`, {
      ...init,
      headers: { authorization: emulator.apiKey, 'content-type': 'application/json' },
    });
    return (await response.json()) as unknown;
  };
  try {
    const imageUrl = await uploadFile(emulator, FIXTURES.pngImage, 'image/png');
    const detections: Detection[] = [];
    let finished = 0;
    const pollRun = async (executionId: string, startedAt: number, successAt: number) => {
      for (;;) {
        await clock.sleep(NAIVE_INTERVAL_MS);
        const snapshot = readRunSnapshot(
          PollResponse.parse(await call(`/agent/runs/${executionId}`)),
        );
        if (!FINAL.has(snapshot.state)) continue;
        const detectedAt = clock.nowMs();
        detections.push({
          successAt,
          detectedAt,
          intervalMs: NAIVE_INTERVAL_MS,
          activeMs: detectedAt - startedAt,
        });
        finished++;
        return;
      }
    };
    const polls: Promise<void>[] = [];
    for (const timings of runTimingsFor(seed)) {
      emulator.setTimings(timings);
      const startedAt = clock.nowMs();
      const answer = (await call('/agent/runs', {
        method: 'POST',
        body: JSON.stringify(startBody(imageUrl)),
      })) as { data: { executionId: string } };
      polls.push(pollRun(answer.data.executionId, startedAt, startedAt + totalMs(timings)));
    }
    await clock.runUntil(() => finished === POLL_RUNS, {
      realMs: 240_000,
      virtualMs: 60 * 60_000,
    });
    await Promise.all(polls);
    return { statusRequests: counter.statusRequests, detections };
  } finally {
    await emulator.close();
  }
}
