import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWeShopClient, type WeShopClientDeps } from '../../electron/weshop/client';
import type { WeShopApi } from '../../electron/weshop/types';
import { KlingError } from '../../shared/errors';
import { RenderRequest } from '../../shared/render-request';
import type { RunSnapshot } from '../../shared/weshop-api';
import { type RunningEmulator, startEmulator } from '../emulator/server';
import { fakeClock } from '../emulator/testing';
import type { EmulatorOptions } from '../emulator/types';

/** The WeShop client against the project's emulator, over real HTTP on 127.0.0.1. */
const IMAGE = fileURLToPath(new URL('../emulator/fixtures/input.png', import.meta.url));
const REQUEST = RenderRequest.parse({
  image: IMAGE,
  prompt: 'slow dolly-in, hair moving in the wind',
});

let emulator: RunningEmulator;
let delays: number[];

const TIMINGS = { pendingMs: 20, segmentingMs: 20, runningMs: 40 };

beforeEach(async () => {
  // The emulator ignores Idempotency-Key here: every "one start" below is the client's doing.
  emulator = await startEmulator({ timings: TIMINGS, honourIdempotencyKey: false });
  delays = [];
});
afterEach(async () => {
  await emulator.close();
});

function client(deps: Partial<WeShopClientDeps> = {}): WeShopApi {
  return createWeShopClient({
    apiBase: emulator.apiBase,
    getKey: async () => emulator.apiKey,
    // Retries wait no real time here; the delays asked for are recorded instead.
    sleep: async (ms) => void delays.push(ms),
    random: () => 0.5,
    timeoutMs: 5000,
    ...deps,
  });
}

async function failure(promise: Promise<unknown>): Promise<KlingError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KlingError);
  expect((error as KlingError).message).not.toContain(emulator.apiKey);
  return error as KlingError;
}

/** Polls until a final state (bounded: about 5 s of real time at most). */
async function pollToEnd(api: WeShopApi, executionId: string): Promise<RunSnapshot> {
  for (let i = 0; i < 100; i++) {
    const snapshot = await api.getRun(executionId);
    if (['Success', 'Failed', 'Canceled'].includes(snapshot.state)) return snapshot;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${executionId} did not finish`);
}

const apiRequests = (method: string, pathEnd: string) =>
  emulator.requests.filter(
    (r) => r.origin === 'api' && r.method === method && r.path.split('?')[0]?.endsWith(pathEnd),
  );

describe('WeShop client against the emulator', () => {
  it('uploads, starts, polls to Success and lists every video across executions', async () => {
    const api = client();
    const imageUrl = await api.uploadImage(IMAGE);
    expect(imageUrl.startsWith(emulator.cdnBase)).toBe(true);

    const estimate = await api.estimatePower({ ...REQUEST, batchCount: 6 }, [imageUrl]);
    expect(estimate?.totalPower).toBeGreaterThan(0);
    expect(estimate?.notEnough).toBe(false);

    const idempotencyKey = randomUUID();
    const started = await api.startRun({ ...REQUEST, batchCount: 6 }, [imageUrl], idempotencyKey);
    expect(started.executionId).toBeTruthy();
    expect(started.credits?.powerConsumption).toBe(estimate?.totalPower);
    expect(emulator.startsByIdempotencyKey().get(idempotencyKey)).toBe(1);

    const snapshot = await pollToEnd(api, started.executionId);
    expect(snapshot.state).toBe('Success');
    // 6 results split over executions of at most 4 (the emulator's default).
    expect(snapshot.videos).toHaveLength(6);
    expect(new Set(snapshot.videos.map((v) => v.url)).size).toBe(6);
    expect(snapshot.videos.map((v) => v.index)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const video of snapshot.videos) expect(video.url.startsWith(emulator.cdnBase)).toBe(true);

    const startRequest = apiRequests('POST', '/agent/runs')[0];
    expect(startRequest?.headers['idempotency-key']).toBe(idempotencyKey);
    expect(JSON.parse(startRequest?.body ?? '{}').params).toMatchObject({
      images: [imageUrl],
      batchCount: 6,
      generateAudio: 'false',
      modelName: 'Kling_3_0',
      duration: '5s',
    });
  });

  it('sends the raw key to the API only, and never to the CDN', async () => {
    const api = client();
    const imageUrl = await api.uploadImage(IMAGE);
    const { executionId } = await api.startRun(REQUEST, [imageUrl], randomUUID());
    const snapshot = await pollToEnd(api, executionId);
    // Fetch a video the way a downloader without the key would, so the CDN log is not empty.
    const video = snapshot.videos[0]?.url ?? '';
    expect((await fetch(video, { signal: AbortSignal.timeout(5000) })).status).toBe(200);
    expect(await client().testKey()).toMatchObject({ ok: true });

    const api_ = emulator.requests.filter((r) => r.origin === 'api');
    const cdn = emulator.requests.filter((r) => r.origin === 'cdn');
    expect(api_.length).toBeGreaterThanOrEqual(4);
    expect(cdn.length).toBeGreaterThanOrEqual(1);
    for (const request of api_) expect(request.headers.authorization).toBe(emulator.apiKey);
    for (const request of cdn) expect(request.headers.authorization).toBeUndefined();
  });

  it('reports a wrong key as bad-key (and testKey says so)', async () => {
    const api = client({ getKey: async () => 'wrong-key-12345678' });
    const error = await failure(api.getRun('anything'));
    expect(error.kind).toBe('bad-key');
    expect(error.message).toMatch(/key is invalid/);
    expect(error.message).not.toContain('wrong-key-12345678');
    expect(await api.testKey()).toMatchObject({ ok: false });
    expect(apiRequests('GET', '/anything')).toHaveLength(1);
  });

  it('reports exhausted credits on start as insufficient-credits, once', async () => {
    const api = client();
    const imageUrl = await api.uploadImage(IMAGE);
    emulator.inject({
      fault: { kind: 'credits-exhausted' },
      match: { method: 'POST', path: '/agent/runs' },
    });
    const error = await failure(api.startRun(REQUEST, [imageUrl], randomUUID()));
    expect(error.kind).toBe('insufficient-credits');
    expect(error.status).toBe(402);
    expect(apiRequests('POST', '/agent/runs')).toHaveLength(1);
  });

  it('says so when the balance is too low for a real run', async () => {
    await emulator.close();
    emulator = await startEmulator({ powerBalance: 0 });
    const api = client();
    const imageUrl = await api.uploadImage(IMAGE);
    expect(await api.estimatePower(REQUEST, [imageUrl])).toMatchObject({ notEnough: true });
    expect((await failure(api.startRun(REQUEST, [imageUrl], randomUUID()))).kind).toBe(
      'insufficient-credits',
    );
  });

  it('retries a 429 on poll after exactly its Retry-After', async () => {
    const api = client();
    const { executionId } = await api.startRun(
      REQUEST,
      [await api.uploadImage(IMAGE)],
      randomUUID(),
    );
    emulator.inject({
      fault: { kind: 'rate-limit', retryAfterSeconds: 2 },
      match: { method: 'GET' },
    });
    const snapshot = await api.getRun(executionId);
    expect(snapshot.rawState).toBeTruthy();
    expect(delays).toEqual([2000]);
    const polls = apiRequests('GET', `/agent/runs/${executionId}`);
    expect(polls.map((r) => r.status)).toEqual([429, 200]);
  });

  it('recovers from a burst of 5xx on poll with growing backoff', async () => {
    const api = client();
    const { executionId } = await api.startRun(
      REQUEST,
      [await api.uploadImage(IMAGE)],
      randomUUID(),
    );
    emulator.inject({
      fault: { kind: 'server-error', status: 503 },
      match: { method: 'GET' },
      times: 3,
    });
    const snapshot = await pollToEnd(api, executionId);
    expect(snapshot.state).toBe('Success');
    expect(delays).toEqual([500, 1000, 2000]);
    const statuses = apiRequests('GET', `/agent/runs/${executionId}`).map((r) => r.status);
    expect(statuses.slice(0, 4)).toEqual([503, 503, 503, 200]);
  });

  it('never retries a start that got a 5xx: the emulator saw exactly one', async () => {
    const api = client();
    const imageUrl = await api.uploadImage(IMAGE);
    emulator.inject({
      fault: { kind: 'server-error' },
      match: { method: 'POST', path: '/agent/runs' },
    });
    const error = await failure(api.startRun(REQUEST, [imageUrl], randomUUID()));
    expect(error).toMatchObject({ kind: 'server-error', retryable: false });
    expect(error.message).toMatch(/may have started/);
    expect(apiRequests('POST', '/agent/runs')).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('never retries a start that timed out (the run exists on the server)', async () => {
    const api = client({ timeoutMs: 300 });
    const imageUrl = await api.uploadImage(IMAGE);
    const idempotencyKey = randomUUID();
    emulator.inject({ fault: { kind: 'hang' }, match: { method: 'POST', path: '/agent/runs' } });
    const error = await failure(api.startRun(REQUEST, [imageUrl], idempotencyKey));
    expect(error).toMatchObject({ kind: 'timeout', retryable: false });
    expect(emulator.startsByIdempotencyKey().get(idempotencyKey)).toBe(1);
    expect(apiRequests('POST', '/agent/runs')).toHaveLength(1);
  });

  it('calls malformed JSON an invalid response', async () => {
    const api = client();
    const imageUrl = await api.uploadImage(IMAGE);
    emulator.inject({
      fault: { kind: 'malformed-json' },
      match: { method: 'POST', path: '/agent/runs' },
    });
    const error = await failure(api.startRun(REQUEST, [imageUrl], randomUUID()));
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toMatch(/not JSON/);
  });

  it('accepts answers with unexpected extra fields everywhere', async () => {
    const api = client();
    emulator.inject({ fault: { kind: 'unexpected-fields' }, times: Number.POSITIVE_INFINITY });
    const imageUrl = await api.uploadImage(IMAGE);
    const { executionId } = await api.startRun(REQUEST, [imageUrl], randomUUID());
    const snapshot = await pollToEnd(api, executionId);
    expect(snapshot.state).toBe('Success');
    expect(snapshot.videos).toHaveLength(1);
  });

  it('shows a failed run as Failed with its reason', async () => {
    const api = client();
    const imageUrl = await api.uploadImage(IMAGE);
    emulator.inject({ fault: { kind: 'run-fails', reason: 'face not detected in the image' } });
    const { executionId } = await api.startRun(REQUEST, [imageUrl], randomUUID());
    const snapshot = await pollToEnd(api, executionId);
    expect(snapshot.state).toBe('Failed');
    expect(snapshot.message).toMatch(/face not detected in the image/);
    expect(snapshot.videos).toEqual([]);
  });

  it('refuses a redirect and never requests its target', async () => {
    const api = client();
    const target = `${emulator.cdnBase}/steal-the-key`;
    emulator.inject({ fault: { kind: 'redirect', location: target }, match: { method: 'GET' } });
    const error = await failure(api.getRun('some-run'));
    expect(error.kind).toBe('refused-host');
    expect(error.message).toContain(new URL(emulator.cdnBase).host);
    expect(emulator.requests.some((r) => r.path.includes('steal-the-key'))).toBe(false);
    expect(emulator.requests.filter((r) => r.origin === 'cdn')).toHaveLength(0);
  });

  it('makes zero requests with a refused base URL', async () => {
    const api = client({ apiBase: `http://192.0.2.1:${new URL(emulator.apiBase).port}/openapi` });
    expect((await failure(api.uploadImage(IMAGE))).kind).toBe('refused-host');
    expect((await failure(api.getRun('x'))).kind).toBe('refused-host');
    expect((await api.testKey()).ok).toBe(false);
    expect(emulator.requests).toHaveLength(0);
  });

  it('reports an offline emulator as a network error, and a refused start as safe to retry', async () => {
    const api = client({ maxRetries: 1 });
    const imageUrl = await api.uploadImage(IMAGE);
    await emulator.goOffline();
    const poll = await failure(api.getRun('x'));
    expect(poll.kind).toBe('network');
    expect(delays).toHaveLength(1);
    const start = await failure(api.startRun(REQUEST, [imageUrl], randomUUID()));
    expect(start).toMatchObject({ kind: 'network', retryable: true });
    expect(await api.testKey()).toMatchObject({
      ok: false,
      message: expect.stringMatching(/could not be reached/),
    });
  });
});

describe('issue 9: Retry-After, envelopes and the request gate against the emulator', () => {
  /** Swaps this test's emulator for one with other options (closed by afterEach as usual). */
  async function restart(options: EmulatorOptions) {
    await emulator.close();
    emulator = await startEmulator({ timings: TIMINGS, honourIdempotencyKey: false, ...options });
  }

  it("reads a Retry-After date against the answer's Date, years away from our clock", async () => {
    const clock = fakeClock(Date.UTC(2001, 0, 1, 12, 0, 0));
    await restart({ now: clock.now });
    const api = client();
    const imageUrl = await api.uploadImage(IMAGE);
    emulator.inject({
      fault: { kind: 'rate-limit', retryAfterSeconds: 7, retryAfterDate: true },
      match: { method: 'POST', path: '/agent/runs' },
    });
    const error = await failure(api.startRun(REQUEST, [imageUrl], randomUUID()));
    // A start is never repeated inside the client: the caller decides to wait and go again.
    expect(error).toMatchObject({ kind: 'rate-limited', retryable: true, retryAfterMs: 7000 });
    expect(apiRequests('POST', '/agent/runs')).toHaveLength(1);
    expect(emulator.runCount()).toBe(0);
    expect(delays).toEqual([]);
  });

  it('hands a start refused with code 40005 back once, with its Retry-After', async () => {
    const api = client();
    const imageUrl = await api.uploadImage(IMAGE);
    emulator.inject({
      fault: {
        kind: 'status',
        status: 429,
        body: { success: false, error: { code: 40005, message: 'too many runs', retryable: true } },
        headers: { 'retry-after': '30' },
      },
      match: { method: 'POST', path: '/agent/runs' },
    });
    const error = await failure(api.startRun(REQUEST, [imageUrl], randomUUID()));
    expect(error).toMatchObject({ kind: 'rate-limited', retryAfterMs: 30_000 });
    expect(apiRequests('POST', '/agent/runs')).toHaveLength(1);
  });

  it.each(['status-only', 'executions-null', 'result-without-video'] as const)(
    'reads a %s poll answer without an error',
    async (variant) => {
      const clock = fakeClock();
      await restart({ now: clock.now });
      const api = client();
      const { executionId } = await api.startRun(
        REQUEST,
        [await api.uploadImage(IMAGE)],
        randomUUID(),
      );
      clock.advance(10_000);
      emulator.inject({ fault: { kind: 'poll-envelope', variant } });
      const bent = await api.getRun(executionId);
      expect(bent.videos).toEqual([]);
      if (variant !== 'result-without-video') expect(bent.state).toBe('Success');
      // The next (normal) answer lists the video again.
      expect((await api.getRun(executionId)).videos).toHaveLength(1);
    },
  );

  it('passes every attempt of a poll through beforeRequest, retries included', async () => {
    let turns = 0;
    const api = client({ beforeRequest: async () => void turns++ });
    const { executionId } = await api.startRun(
      REQUEST,
      [await api.uploadImage(IMAGE)],
      randomUUID(),
    );
    expect(turns).toBe(2);
    emulator.inject({
      fault: { kind: 'server-error', status: 503 },
      match: { method: 'GET' },
      times: 2,
    });
    await api.getRun(executionId);
    expect(apiRequests('GET', `/agent/runs/${executionId}`)).toHaveLength(3);
    expect(turns).toBe(5);
  });
});
