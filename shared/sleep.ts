/**
 * The one sleep: waits `ms` milliseconds, or rejects with the signal's reason as soon as the
 * signal aborts (then the timer is cleared, so nothing keeps the process alive). Only
 * setTimeout, so it runs in Node, the renderer and tests alike. Code that must be testable
 * without real time takes a `Sleep` as a dependency and defaults to this one.
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
