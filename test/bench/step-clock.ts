import type { Sleep } from '../../shared/sleep';

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Virtual time for a whole system under test (engine, client and emulator share it), moved
 * like a discrete-event simulation: time jumps to the next sleeper only once every tracked
 * piece of real work (HTTP exchanges, manifest writes) has finished. So a poll's request and
 * answer take no virtual time, and minutes of polling run in seconds without time racing
 * ahead of requests still on the wire (which would make any poller look better than it is).
 */
export function createStepClock(startMs = Date.parse('2025-03-01T10:00:00.000Z')) {
  let nowMs = startMs;
  let seq = 0;
  let busy = 0;
  const timers: Timer[] = [];

  const sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer: Timer = { at: nowMs + Math.max(0, ms), seq: seq++, fire: () => {} };
      const onAbort = () => {
        const i = timers.indexOf(timer);
        if (i >= 0) timers.splice(i, 1);
        reject(signal?.reason);
      };
      timer.fire = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      timers.push(timer);
    });

  /** Waits (for real) until no tracked work is running and the event loop has gone quiet. */
  async function settle(deadline: number): Promise<void> {
    for (let quietTurns = 0; quietTurns < 3; ) {
      if (Date.now() > deadline) throw new Error('step clock: the system never went quiet');
      await turn();
      if (busy > 0) {
        quietTurns = 0;
        await new Promise((resolve) => setTimeout(resolve, 1));
      } else quietTurns++;
    }
  }

  return {
    now: () => new Date(nowMs),
    nowMs: () => nowMs,
    sleep,
    /** Marks real work: virtual time stands still until it settles. */
    track<T>(work: Promise<T>): Promise<T> {
      busy++;
      return work.finally(() => {
        busy--;
      });
    },
    /**
     * Advances time sleeper by sleeper until `finished()` holds. Bounded by real time and by
     * virtual time, so a stuck system fails the benchmark instead of hanging it.
     */
    async runUntil(
      finished: () => boolean,
      limits: { realMs: number; virtualMs: number },
    ): Promise<void> {
      const deadline = Date.now() + limits.realMs;
      const end = nowMs + limits.virtualMs;
      for (;;) {
        await settle(deadline);
        if (finished()) return;
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers.shift();
        if (!next) {
          // Nothing asleep and not finished: something untracked is still working.
          if (Date.now() > deadline) throw new Error('step clock: nothing left to wake');
          await new Promise((resolve) => setTimeout(resolve, 1));
          continue;
        }
        if (next.at > end) throw new Error('step clock: virtual time limit reached');
        nowMs = Math.max(nowMs, next.at);
        next.fire();
      }
    },
  };
}
