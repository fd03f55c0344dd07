import { describe, expect, it, vi } from 'vitest';
import { sleep } from './sleep';

describe('sleep', () => {
  it('resolves after the time has passed', async () => {
    vi.useFakeTimers();
    try {
      let done = false;
      const waiting = sleep(1000).then(() => {
        done = true;
      });
      await vi.advanceTimersByTimeAsync(999);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await waiting;
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects (AbortError, the reason as cause) at once when the signal aborts, and clears its timer', async () => {
    vi.useFakeTimers();
    try {
      const controller = new AbortController();
      const waiting = sleep(60_000, controller.signal);
      controller.abort('cancel');
      await expect(waiting).rejects.toMatchObject({ name: 'AbortError', cause: 'cancel' });
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects without waiting when the signal is already aborted', async () => {
    await expect(sleep(60_000, AbortSignal.abort('gone'))).rejects.toMatchObject({
      name: 'AbortError',
      cause: 'gone',
    });
  });
});
