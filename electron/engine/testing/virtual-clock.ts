import type { Sleep } from '../../../shared/sleep';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * Virtual time for tests: sleep() never waits for real. Whenever the event loop comes round
 * (setImmediate), the earliest pending timer fires and the clock jumps to its time, so a
 * 10-minute poll schedule runs in milliseconds while keeping every timestamp consistent.
 */
export function createVirtualClock(startIso = '2025-03-01T10:00:00.000Z') {
  let nowMs = Date.parse(startIso);
  let seq = 0;
  let ticking = false;
  const timers: Timer[] = [];
  const requested: number[] = [];

  function tick() {
    ticking = false;
    timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = timers.shift();
    if (!next) return;
    nowMs = Math.max(nowMs, next.at);
    next.resolve();
    schedule();
  }
  function schedule() {
    if (ticking || timers.length === 0) return;
    ticking = true;
    setImmediate(tick);
  }

  const sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      requested.push(ms);
      const timer: Timer = { at: nowMs + Math.max(0, ms), seq: seq++, resolve: () => {} };
      const onAbort = () => {
        const i = timers.indexOf(timer);
        if (i >= 0) timers.splice(i, 1);
        reject(signal?.reason);
      };
      timer.resolve = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      timers.push(timer);
      schedule();
    });

  return {
    now: () => new Date(nowMs),
    nowMs: () => nowMs,
    sleep,
    /** Every duration passed to sleep, in call order. */
    requested,
  };
}
export type VirtualClock = ReturnType<typeof createVirtualClock>;
