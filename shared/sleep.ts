/**
 * The one sleep: waits `ms` milliseconds, or rejects as soon as the signal aborts (then the
 * timer is cleared, so nothing keeps the process alive) with an AbortError whose cause is the
 * signal's reason, as node:timers/promises does. Only
 * setTimeout, so it runs in Node, the renderer and tests alike. Code that must be testable
 * without real time takes a `Sleep` as a dependency and defaults to this one.
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

const abortError = (signal: AbortSignal) =>
  Object.assign(new Error('The operation was aborted', { cause: signal.reason }), {
    name: 'AbortError',
  });

export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      if (signal) reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
