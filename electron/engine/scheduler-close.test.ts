import { describe, expect, it } from 'vitest';
import { createScheduler, PRIORITY_NEW } from './scheduler';

/*
 * close() must leave nothing writing the library home: a job canceled just before it leaves
 * the running set before its claim is marked released on disk (paid-runs.test.ts then saw
 * ENOTEMPTY removing the home). Fakes only: the release ends when the test lets it.
 */
describe('scheduler close', () => {
  it('waits for the claim release of a job canceled just before it', async () => {
    let releaseStarted = () => {};
    const started = new Promise<void>((resolve) => {
      releaseStarted = resolve;
    });
    let endRelease = () => {};
    const scheduler = createScheduler({
      library: {
        claim: async () => ({ ok: true }) as never,
        release: () => {
          releaseStarted();
          return new Promise<void>((resolve) => {
            endRelease = resolve;
          });
        },
        read: async () => ({}) as never,
      },
      log: { info: () => {}, warn: () => {}, error: () => {} },
      concurrency: 1,
      runJob: (_id, signal) =>
        new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve())),
      onCrash: async () => {},
    });
    await scheduler.enqueue('job-aaa1', PRIORITY_NEW);
    await scheduler.cancel('job-aaa1');
    await started; // the run ended and its release is under way
    let closed = false;
    const closing = scheduler.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    endRelease();
    await closing;
    expect(closed).toBe(true);
  });
});
