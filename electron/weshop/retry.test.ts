import { describe, expect, it } from 'vitest';
import { KlingError } from '../../shared/errors';
import { MAX_RETRY_AFTER_MS } from './error-mapping';
import { type RetryPolicy, retryDelay, withRetries } from './retry';

const policy: RetryPolicy = {
  maxRetries: 4,
  baseDelayMs: 1000,
  maxDelayMs: 5000,
  maxInlineRetryAfterMs: 60_000,
};
const serverError = () => new KlingError('server-error', 'boom', { retryable: true });

describe('retryDelay', () => {
  it('is full jitter under a doubling, capped ceiling', () => {
    const top = () => 0.999999;
    expect([0, 1, 2, 3, 4].map((i) => retryDelay(serverError(), i, policy, top))).toEqual([
      999, 1999, 3999, 4999, 4999,
    ]);
    expect(retryDelay(serverError(), 3, policy, () => 0.5)).toBe(2500);
    expect(retryDelay(serverError(), 3, policy, () => 0)).toBe(0);
  });

  it("uses the server's Retry-After instead, capped", () => {
    const limited = new KlingError('rate-limited', 'slow down', {
      retryable: true,
      retryAfterMs: 7000,
    });
    expect(retryDelay(limited, 0, policy, () => 0)).toBe(7000);
    const huge = new KlingError('rate-limited', 'slow down', {
      retryable: true,
      retryAfterMs: 10 ** 9,
    });
    expect(retryDelay(huge, 0, policy, () => 0)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('withRetries', () => {
  const run = (failures: KlingError[], signal?: AbortSignal) => {
    const delays: number[] = [];
    let calls = 0;
    const result = withRetries(
      async () => {
        const failure = failures[calls++];
        if (failure) throw failure;
        return 'ok';
      },
      { policy, random: () => 0.5, sleep: async (ms) => void delays.push(ms), signal },
    );
    return { result, delays, calls: () => calls };
  };

  it('retries transient errors until success', async () => {
    const { result, delays, calls } = run([serverError(), serverError()]);
    expect(await result).toBe('ok');
    expect(calls()).toBe(3);
    expect(delays).toEqual([500, 1000]);
  });

  it('stops after maxRetries and throws the last error', async () => {
    const last = new KlingError('network', 'last one', { retryable: true });
    const { result, calls } = run([
      serverError(),
      serverError(),
      serverError(),
      serverError(),
      last,
      serverError(),
    ]);
    await expect(result).rejects.toBe(last);
    expect(calls()).toBe(5);
  });

  it.each([
    new KlingError('bad-key', 'no'),
    new KlingError('server-error', 'final', { retryable: false }),
    new KlingError('invalid-response', 'odd'),
  ])('does not retry $kind (retryable $retryable)', async (error) => {
    const { result, calls } = run([error]);
    await expect(result).rejects.toBe(error);
    expect(calls()).toBe(1);
  });

  it('waits a Retry-After up to maxInlineRetryAfterMs, and throws a longer one at once', async () => {
    const asking = (ms: number) =>
      new KlingError('rate-limited', 'slow down', { retryable: true, retryAfterMs: ms });
    const inline = run([asking(60_000)]);
    expect(await inline.result).toBe('ok');
    expect(inline.delays).toEqual([60_000]);
    const long = asking(60_001);
    const handedOver = run([long]);
    await expect(handedOver.result).rejects.toBe(long);
    expect(handedOver.calls()).toBe(1);
    expect(handedOver.delays).toEqual([]);
  });

  it('caps Retry-After at 10 minutes', () => {
    expect(MAX_RETRY_AFTER_MS).toBe(600_000);
  });

  it('stops waiting when the caller aborts', async () => {
    const controller = new AbortController();
    let calls = 0;
    const result = withRetries(
      async () => {
        calls++;
        throw serverError();
      },
      {
        policy,
        random: () => 0.5,
        sleep: () => {
          controller.abort();
          return new Promise<void>(() => {});
        },
        signal: controller.signal,
      },
    );
    await expect(result).rejects.toMatchObject({ kind: 'canceled' });
    expect(calls).toBe(1);
  });
});
