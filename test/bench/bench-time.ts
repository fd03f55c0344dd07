import type { Sleep } from '../../shared/sleep';
import { sleep } from '../../shared/sleep';
import { createStepClock } from './step-clock';

/**
 * The clock a polling bench runs on: the real one, or a step clock (virtual time that only
 * moves once no tracked HTTP exchange or manifest write is in flight, so minutes of polling
 * take seconds without time racing ahead of requests still on the wire).
 */
export interface BenchTime {
  kind: 'real' | 'virtual';
  nowMs: () => number;
  sleep: Sleep;
  /** fetch whose exchanges (to the end of the body) hold virtual time still. */
  fetch: typeof fetch;
  /** Holds virtual time still until `work` settles (real time: unchanged). */
  track<T>(work: Promise<T>): Promise<T>;
  /** Waits for `work`, failing after `limitMs` (real or virtual). */
  waitFor<T>(work: Promise<T>, limitMs: number): Promise<T>;
}

export function realTime(): BenchTime {
  return {
    kind: 'real',
    nowMs: Date.now,
    sleep,
    fetch: globalThis.fetch,
    track: (work) => work,
    async waitFor(work, limitMs) {
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('polling bench: took too long')), limitMs);
      });
      try {
        return await Promise.race([work, limit]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Virtual time for long runs: bounded by `realLimitMs` of real time per wait. */
export function virtualTime(realLimitMs: number): BenchTime {
  const clock = createStepClock();
  const track = clock.track;
  const trackedFetch: typeof fetch = (input, init) =>
    track(
      (async () => {
        const response = await fetch(input, init);
        // The whole body inside the tracked part: small JSON and 1 s fixture clips here.
        const body = await response.arrayBuffer();
        return new Response(body, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
      })(),
    );
  return {
    kind: 'virtual',
    nowMs: clock.nowMs,
    sleep: clock.sleep,
    fetch: trackedFetch,
    track,
    async waitFor(work, limitMs) {
      let settled = false;
      const watched = work.finally(() => {
        settled = true;
      });
      watched.catch(() => undefined);
      await clock.runUntil(() => settled, { realMs: realLimitMs, virtualMs: limitMs });
      return work;
    },
  };
}
