import { startEmulator } from '../emulator/server';
import type { RunTimings } from '../emulator/types';
import type { StepClock } from './step-clock';

/** The polling scenario both pollers face: 100 runs started together, a few minutes each. */
export const POLL_RUNS = 100;
const PENDING_MS = 10_000;
const SEGMENTING_MS = 20_000;
const RUNNING_MIN_MS = 60_000;
const RUNNING_SPREAD_MS = 120_000;

/** Seeded, so ours and the naive poller see exactly the same run lengths in a round. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Run lengths for one round: 90–210 s from start to Success. */
export function runTimingsFor(seed: number): RunTimings[] {
  const random = seededRandom(seed);
  return Array.from({ length: POLL_RUNS }, () => ({
    pendingMs: PENDING_MS,
    segmentingMs: SEGMENTING_MS,
    runningMs: RUNNING_MIN_MS + Math.round(random() * RUNNING_SPREAD_MS),
  }));
}

export const totalMs = (t: RunTimings) => t.pendingMs + t.segmentingMs + t.runningMs;

/** An emulator on the step clock (its runs progress in virtual time). */
export const startSteppedEmulator = (clock: StepClock) => startEmulator({ now: clock.nowMs });

/**
 * The global fetch, tracked by the step clock until the whole body has arrived (bodies are
 * small here: JSON and 1 s fixture clips), counting status requests as they leave.
 */
export function trackedFetch(clock: StepClock, counter: { statusRequests: number }): typeof fetch {
  return ((input: string | URL | Request, init?: RequestInit) =>
    clock.track(
      (async () => {
        const url = input instanceof Request ? input.url : String(input);
        if ((init?.method ?? 'GET') === 'GET' && url.includes('/agent/runs/')) {
          counter.statusRequests++;
        }
        const response = await fetch(input, init);
        const body = await response.arrayBuffer();
        return new Response(body, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
      })(),
    )) as typeof fetch;
}

/** Per run: when the emulator flips it to Success, and when the poller first saw that. */
export interface Detection {
  successAt: number;
  detectedAt: number;
  /** The poll interval the poller's policy had in force at the Success moment (upper bound). */
  intervalMs: number;
  /** Time from the run's start to its detection (its active time). */
  activeMs: number;
}

export interface PollOutcome {
  statusRequests: number;
  detections: Detection[];
}

export function summarise(outcome: PollOutcome) {
  const activeMinutes = outcome.detections.reduce((sum, d) => sum + d.activeMs, 0) / 60_000;
  let worst = outcome.detections[0];
  for (const d of outcome.detections) {
    const lag = d.detectedAt - d.successAt;
    if (!worst || lag - d.intervalMs > worst.detectedAt - worst.successAt - worst.intervalMs)
      worst = d;
  }
  const lags = outcome.detections.map((d) => d.detectedAt - d.successAt);
  return {
    perRunPerMinute: outcome.statusRequests / activeMinutes,
    maxLagMs: Math.max(...lags),
    /** The detection that overshot its interval the most (or came closest to it). */
    worstLagMs: worst ? worst.detectedAt - worst.successAt : 0,
    worstIntervalMs: worst?.intervalMs ?? 0,
    late: outcome.detections.filter((d) => d.detectedAt - d.successAt > d.intervalMs).length,
    runs: outcome.detections.length,
  };
}
