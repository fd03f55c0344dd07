import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KlingError } from '../../shared/errors';
import { RenderRequest } from '../../shared/render-request';
import { createWeShopClient, KEY_CHECK_PATH, type WeShopClientDeps } from './client';
import {
  fakeFetch,
  hang,
  json,
  type Responder,
  refuseConnection,
  resetConnection,
} from './fake-fetch';

const BASE = 'http://127.0.0.1:9/openapi';
const KEY = 'test-key-0123456789';
const IMAGE_URL = 'https://cdn.example/ref.jpg';
const IMAGE = fileURLToPath(new URL('../images/fixtures/photo-400x320.jpg', import.meta.url));
const REQUEST = RenderRequest.parse({ image: IMAGE, prompt: 'slow dolly-in' });

const running = { success: true, data: { executions: [{ status: 'Running', result: [] }] } };
const done = {
  success: true,
  data: { executions: [{ status: 'Success', result: [{ video: 'https://cdn.example/a.mp4' }] }] },
};

function setup(responders: (Responder | Response)[], deps: Partial<WeShopClientDeps> = {}) {
  const { fetch, seen } = fakeFetch(...responders);
  const delays: number[] = [];
  const client = createWeShopClient({
    apiBase: BASE,
    getKey: async () => KEY,
    fetch,
    sleep: async (ms) => void delays.push(ms),
    random: () => 0.5,
    ...deps,
  });
  return { client, seen, delays };
}

async function failure(promise: Promise<unknown>): Promise<KlingError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KlingError);
  expect((error as KlingError).message).not.toContain(KEY);
  return error as KlingError;
}

describe('every keyed request', () => {
  it('carries the raw key (no Bearer) and never follows redirects', async () => {
    const { client, seen } = setup([json(200, running)]);
    await client.getRun('exec-1');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe(`${BASE}/agent/runs/exec-1`);
    expect(seen[0]?.headers.get('authorization')).toBe(KEY);
    expect(seen[0]?.redirect).toBe('manual');
    expect(seen[0]?.signal).toBeInstanceOf(AbortSignal);
  });

  it('reads the key for every call, so a new key applies at once', async () => {
    let key = 'first-key-00000000';
    const { client, seen } = setup([json(200, running)], { getKey: async () => key });
    await client.getRun('a');
    key = 'second-key-1111111';
    await client.getRun('a');
    expect(seen.map((r) => r.headers.get('authorization'))).toEqual([
      'first-key-00000000',
      'second-key-1111111',
    ]);
  });

  it('refuses a redirect and names where it pointed, without requesting it', async () => {
    const redirect = new Response(null, {
      status: 302,
      headers: { location: 'https://evil.example/steal' },
    });
    const { client, seen } = setup([() => redirect]);
    const error = await failure(client.getRun('a'));
    expect(error.kind).toBe('refused-host');
    expect(error.message).toMatch(/redirect \(HTTP 302\) to evil\.example/);
    expect(seen).toHaveLength(1);
  });

  it('sends nothing without a key', async () => {
    const { client, seen } = setup([json(200, running)], { getKey: async () => null });
    const error = await failure(client.getRun('a'));
    expect(error.kind).toBe('no-key');
    expect(error.message).toMatch(/^No WeShop API key is set/);
    expect(seen).toHaveLength(0);
  });

  it.each(['https://evil.example/openapi', 'http://192.168.1.2/openapi'])(
    'sends nothing to a refused base %s',
    async (apiBase) => {
      const { client, seen } = setup([json(200, running)], { apiBase });
      expect((await failure(client.getRun('a'))).kind).toBe('refused-host');
      expect((await failure(client.startRun(REQUEST, [IMAGE_URL], 'k'))).kind).toBe('refused-host');
      expect((await failure(client.uploadImage(IMAGE))).kind).toBe('refused-host');
      expect(await client.estimatePower(REQUEST, [IMAGE_URL])).toBeNull();
      expect((await client.testKey()).ok).toBe(false);
      expect(seen).toHaveLength(0);
    },
  );

  it('never puts the key in a message, even when the server echoes it', async () => {
    const { client } = setup([json(400, { code: 40000, msg: `bad header ${KEY}` })]);
    const error = await failure(client.getRun('a'));
    expect(error.message).toContain('[redacted]');
  });

  it('refuses a key that cannot go in a header, without sending it', async () => {
    const { client, seen } = setup([json(200, running)], {
      getKey: async () => 'key with spaces ünï',
    });
    const error = await failure(client.getRun('a'));
    expect(error.kind).toBe('bad-key');
    expect(error.message).not.toContain('ünï');
    expect(seen).toHaveLength(0);
  });

  it('times out a request that never answers', async () => {
    const { client } = setup([hang], { timeoutMs: 20, maxRetries: 0 });
    const error = await failure(client.getRun('a'));
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/did not answer within 20 ms while checking the run/);
  });

  it("honours the caller's signal", async () => {
    const controller = new AbortController();
    const { client } = setup([
      (request) => {
        controller.abort();
        return hang(request);
      },
    ]);
    const error = await failure(client.getRun('a', { signal: controller.signal }));
    expect(error.kind).toBe('canceled');
  });
});

describe('getRun', () => {
  it('reads the snapshot', async () => {
    const { client } = setup([json(200, done)]);
    expect(await client.getRun('a')).toMatchObject({
      state: 'Success',
      videos: [{ index: 0, url: 'https://cdn.example/a.mp4' }],
    });
  });

  it('retries 429 after exactly Retry-After, and 5xx/network errors with jittered backoff', async () => {
    const { client, seen, delays } = setup([
      () => json(429, {}, { 'retry-after': '3' }),
      () => json(503, { error: { code: 50001, message: 'busy' } }),
      resetConnection,
      () => json(200, done),
    ]);
    expect((await client.getRun('a')).state).toBe('Success');
    expect(seen).toHaveLength(4);
    // random() = 0.5 → half of 1 s · 2^n for the backoff steps.
    expect(delays).toEqual([3000, 1000, 2000]);
  });

  it('retries a timeout', async () => {
    const { client, seen } = setup([hang, () => json(200, done)], { timeoutMs: 20 });
    expect((await client.getRun('a')).state).toBe('Success');
    expect(seen).toHaveLength(2);
  });

  it('gives up after the bounded attempts with the last typed error', async () => {
    const { client, seen, delays } = setup([() => json(502, {})], { maxRetries: 2 });
    const error = await failure(client.getRun('a'));
    expect(error.kind).toBe('server-error');
    expect(error.status).toBe(502);
    expect(seen).toHaveLength(3);
    expect(delays).toHaveLength(2);
  });

  it('does not retry a 5xx the server calls final, nor a bad key', async () => {
    const final = setup([
      () => json(500, { error: { code: 50001, message: 'no', retryable: false } }),
    ]);
    expect((await failure(final.client.getRun('a'))).retryable).toBe(false);
    expect(final.seen).toHaveLength(1);
    const badKey = setup([() => json(401, { error: { code: 40001, message: 'bad' } })]);
    expect((await failure(badKey.client.getRun('a'))).kind).toBe('bad-key');
    expect(badKey.seen).toHaveLength(1);
  });

  it('names the wrong fields of a body that does not match the contract', async () => {
    const { client } = setup([
      () => json(200, { success: true, data: { executions: [{ result: [] }] } }),
    ]);
    const error = await failure(client.getRun('a'));
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toMatch(/data\.executions\.0\.status/);
  });

  it('calls a non-JSON body an invalid response', async () => {
    const { client } = setup([() => new Response('<html>gateway</html>', { status: 200 })]);
    expect((await failure(client.getRun('a'))).kind).toBe('invalid-response');
  });
});

describe('startRun', () => {
  const started = {
    success: true,
    data: { executionId: 'e-1', powerConsumption: 20, powerBalanceAmount: 80 },
  };

  it('sends the contract body, JSON, and the Idempotency-Key', async () => {
    const { client, seen } = setup([json(200, started)]);
    const result = await client.startRun(
      { ...REQUEST, model: 'Kling_2_6', duration: '10s', generateAudio: true, batchCount: 3 },
      [IMAGE_URL],
      'idem-123',
      { taskName: 'Kling Studio · slow dolly-in · m3x9k2a1b-4fz0qa' },
    );
    expect(result).toEqual({
      executionId: 'e-1',
      credits: { powerConsumption: 20, powerBalanceAmount: 80 },
    });
    const request = seen[0];
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(`${BASE}/agent/runs`);
    expect(request?.headers.get('idempotency-key')).toBe('idem-123');
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(String(request?.body))).toEqual({
      agent: { name: 'kling', version: 'v1.0' },
      input: {
        images: [IMAGE_URL],
        originalImage: IMAGE_URL,
        taskName: 'Kling Studio · slow dolly-in · m3x9k2a1b-4fz0qa',
      },
      params: {
        images: [IMAGE_URL],
        textDescription: 'slow dolly-in',
        modelName: 'Kling_2_6',
        duration: '10s',
        generateAudio: 'true',
        batchCount: 3,
      },
    });
  });

  it("names the run for WeShop's history in input.taskName: the one given, else the prompt's start", async () => {
    const { client, seen } = setup([json(200, started), json(200, started), json(200, started)]);
    await client.startRun(REQUEST, [IMAGE_URL], 'k1', {
      taskName: 'Kling Studio · a · m3x9k2a1b-4fz0qa',
    });
    await client.startRun(REQUEST, [IMAGE_URL], 'k2');
    const long = { ...REQUEST, prompt: `  a very\n\nlong prompt ${'about the sea '.repeat(10)}` };
    await client.startRun(long, [IMAGE_URL], 'k3');
    // Byte for byte: what leaves is the UTF-8 JSON of these bodies, the label in input.
    const input = `"input":{"images":["${IMAGE_URL}"],"originalImage":"${IMAGE_URL}","taskName":`;
    expect(String(seen[0]?.body)).toContain(`${input}"Kling Studio · a · m3x9k2a1b-4fz0qa"},`);
    expect(String(seen[1]?.body)).toContain(`${input}"Kling Studio · slow dolly-in"},`);
    expect(String(seen[2]?.body)).toContain(
      `${input}"Kling Studio · a very long prompt about the sea about…"},`,
    );
  });

  it('refuses a task name WeShop would not take before sending anything', async () => {
    const { client, seen } = setup([json(200, started)]);
    const error = await failure(
      client.startRun(REQUEST, [IMAGE_URL], 'k', { taskName: 'x'.repeat(201) }),
    );
    expect(error.kind).toBe('invalid-input');
    expect(seen).toHaveLength(0);
  });

  it('reads meta.executionId and leaves credits out when absent', async () => {
    const { client } = setup([
      json(200, { success: true, data: {}, meta: { executionId: 'm-9' } }),
    ]);
    expect(await client.startRun(REQUEST, [IMAGE_URL], 'k')).toEqual({ executionId: 'm-9' });
  });

  it('validates the request before sending anything', async () => {
    const { client, seen } = setup([json(200, started)]);
    const error = await failure(
      client.startRun({ ...REQUEST, model: 'Kling_2_1', duration: '7s' }, [IMAGE_URL], 'k'),
    );
    expect(error.kind).toBe('invalid-input');
    expect(error.message).toMatch(/Kling_2_1 supports 5s or 10s, not 7s/);
    expect((await failure(client.startRun(REQUEST, ['not a url'], 'k'))).kind).toBe(
      'invalid-input',
    );
    expect(seen).toHaveLength(0);
  });

  it.each<[string, Responder, string]>([
    ['a 5xx', () => json(503, { error: { code: 50001, message: 'busy' } }), 'server-error'],
    ['a reset connection', resetConnection, 'network'],
    ['a timeout', hang, 'timeout'],
    ['a 200 without an id', () => json(200, { success: true, data: {} }), 'invalid-response'],
  ])(
    'is never retried after %s, and says the run may have started',
    async (_label, responder, kind) => {
      const { client, seen, delays } = setup([responder, () => json(200, started)], {
        timeoutMs: 20,
      });
      const error = await failure(client.startRun(REQUEST, [IMAGE_URL], 'k'));
      expect(error.kind).toBe(kind);
      expect(error.retryable).toBe(false);
      if (kind !== 'invalid-response') expect(error.message).toMatch(/may have started/);
      expect(seen).toHaveLength(1);
      expect(delays).toHaveLength(0);
    },
  );

  it('reports a refused connection as retryable: nothing reached WeShop', async () => {
    const { client, seen } = setup([refuseConnection]);
    const error = await failure(client.startRun(REQUEST, [IMAGE_URL], 'k'));
    expect(error).toMatchObject({ kind: 'network', retryable: true });
    expect(seen).toHaveLength(1);
  });

  it.each<[number, unknown, string]>([
    [401, { error: { code: 40001, message: 'invalid' } }, 'bad-key'],
    [402, { error: { message: 'power not enough' } }, 'insufficient-credits'],
    [429, {}, 'rate-limited'],
    [400, { code: 40000, msg: 'textDescription required' }, 'invalid-input'],
  ])('reports HTTP %i as %s, once', async (status, body, kind) => {
    const { client, seen } = setup([() => json(status, body)]);
    expect((await failure(client.startRun(REQUEST, [IMAGE_URL], 'k'))).kind).toBe(kind);
    expect(seen).toHaveLength(1);
  });
});

describe('uploadImage', () => {
  it('streams the checked file as multipart field "image" with its name and type', async () => {
    const { client, seen } = setup([
      json(200, { success: true, data: { image: 'https://cdn.example/up.jpg' } }),
    ]);
    expect(await client.uploadImage(IMAGE)).toBe('https://cdn.example/up.jpg');
    const body = seen[0]?.body;
    expect(body).toBeInstanceOf(FormData);
    const file = (body as FormData).get('image');
    expect(file).toBeInstanceOf(Blob);
    expect((file as File).name).toBe('photo-400x320.jpg');
    expect((file as File).type).toBe('image/jpeg');
    expect(seen[0]?.url).toBe(`${BASE}/agent/assets/images`);
  });

  it('retries an upload after a 5xx, sending the whole file again', async () => {
    const { client, seen, delays } = setup([
      () => json(503, {}),
      () => json(200, { data: { image: 'https://cdn.example/up.jpg' } }),
    ]);
    expect(await client.uploadImage(IMAGE)).toBe('https://cdn.example/up.jpg');
    expect(seen).toHaveLength(2);
    expect(delays).toEqual([500]);
    const sizes = seen.map((r) => ((r.body as FormData).get('image') as Blob).size);
    expect(sizes[0]).toBeGreaterThan(0);
    expect(sizes[1]).toBe(sizes[0]);
  });

  it('reads data.imageUrl too', async () => {
    const { client } = setup([json(200, { data: { imageUrl: 'https://cdn.example/b.jpg' } })]);
    expect(await client.uploadImage(IMAGE)).toBe('https://cdn.example/b.jpg');
  });

  it('checks the image locally first and sends nothing for a bad one', async () => {
    const { client, seen } = setup([json(200, { data: { image: 'https://cdn.example/x.jpg' } })]);
    const gif = fileURLToPath(new URL('../images/fixtures/still-320x240.gif', import.meta.url));
    expect((await failure(client.uploadImage(gif))).kind).toBe('invalid-input');
    expect(seen).toHaveLength(0);
  });
});

describe('estimatePower', () => {
  it('reads totalPower and paidPowerNotEnough', async () => {
    const { client, seen } = setup([
      json(200, { data: { totalPower: 40, paidPowerNotEnough: true } }),
    ]);
    expect(await client.estimatePower(REQUEST, [IMAGE_URL])).toEqual({
      totalPower: 40,
      notEnough: true,
    });
    expect(seen[0]?.url).toBe(`${BASE}/agent/power-estimates`);
    expect(JSON.parse(String(seen[0]?.body)).params.textDescription).toBe('slow dolly-in');
    // The same builder as a start: labelled too (no render, so no id yet).
    expect(JSON.parse(String(seen[0]?.body)).input.taskName).toBe('Kling Studio · slow dolly-in');
  });

  it.each<[string, Responder]>([
    ['404', () => json(404, {})],
    ['a 5xx', () => json(500, {})],
    ['an odd body', () => json(200, { data: {} })],
    ['a dead connection', refuseConnection],
  ])('is null after %s, and says why in the log', async (_label, responder) => {
    const warnings: [string, Record<string, unknown>][] = [];
    const { client, seen } = setup([responder], {
      warn: (message, fields) => void warnings.push([message, fields]),
    });
    expect(await client.estimatePower(REQUEST, [IMAGE_URL])).toBeNull();
    expect(seen).toHaveLength(1);
    expect(warnings).toEqual([
      ['No cost estimate from WeShop', { error: expect.stringMatching(/\S/) }],
    ]);
    expect(JSON.stringify(warnings)).not.toContain(KEY);
  });
});

describe('testKey', () => {
  it.each<[string, Responder, boolean, RegExp]>([
    ['404 for the made-up run', () => json(404, {}), true, /key works/],
    ['200', () => json(200, running), true, /key works/],
    ['401', () => json(401, {}), false, /refused the API key/],
    ['403 with 40003', () => json(403, { code: 40003, msg: 'disabled' }), false, /disabled/],
    ['no connection', refuseConnection, false, /could not be reached/],
  ])('%s', async (_label, responder, ok, message) => {
    const { client, seen } = setup([responder]);
    const result = await client.testKey();
    expect(result.ok).toBe(ok);
    expect(result.message).toMatch(message);
    expect(seen[0]?.url).toBe(`${BASE}${KEY_CHECK_PATH}`);
    expect(seen[0]?.method).toBe('GET');
  });

  it('says so when no key is set', async () => {
    const { client } = setup([json(200, running)], { getKey: async () => '' });
    expect(await client.testKey()).toEqual({
      ok: false,
      message: expect.stringMatching(/No WeShop API key/),
    });
  });
});

describe('Retry-After (issue 9)', () => {
  // The answer's clock is years away from ours: only its own Date header gives the right wait.
  const serverNow = 'Mon, 01 Jan 2001 12:00:00 GMT';
  const rateLimited = (retryAfter: string, headers: Record<string, string> = {}) =>
    json(429, {}, { 'retry-after': retryAfter, ...headers });

  it("measures an HTTP-date against the answer's own Date header, not our clock", async () => {
    const { client, delays } = setup([
      () => rateLimited('Mon, 01 Jan 2001 12:00:09 GMT', { date: serverNow }),
      () => json(200, done),
    ]);
    expect((await client.getRun('a')).state).toBe('Success');
    expect(delays).toEqual([9000]);
  });

  it('puts retryAfterMs (up to 10 minutes) on a rate-limited start and sends it once', async () => {
    const dated = setup([() => rateLimited('Mon, 01 Jan 2001 12:04:00 GMT', { date: serverNow })]);
    const error = await failure(dated.client.startRun(REQUEST, [IMAGE_URL], 'k'));
    expect(error).toMatchObject({ kind: 'rate-limited', retryable: true, retryAfterMs: 240_000 });
    expect(dated.seen).toHaveLength(1);

    const tenMinutes = setup([() => rateLimited('600')]);
    expect(
      (await failure(tenMinutes.client.startRun(REQUEST, [IMAGE_URL], 'k'))).retryAfterMs,
    ).toBe(600_000);
    const aDay = setup([() => rateLimited('86400')]);
    expect((await failure(aDay.client.startRun(REQUEST, [IMAGE_URL], 'k'))).retryAfterMs).toBe(
      600_000,
    );
  });

  it.each([429, 400, 200])(
    'reads code 40005 (too many runs) on a start with HTTP %i as rate-limited, sent once',
    async (status) => {
      const { client, seen, delays } = setup([
        () =>
          json(
            status,
            { success: false, error: { code: 40005, message: 'too many', retryable: true } },
            { 'retry-after': '20' },
          ),
      ]);
      const error = await failure(client.startRun(REQUEST, [IMAGE_URL], 'k'));
      expect(error).toMatchObject({ kind: 'rate-limited', retryable: true, retryAfterMs: 20_000 });
      expect(seen).toHaveLength(1);
      expect(delays).toHaveLength(0);
    },
  );

  it('waits a short Retry-After inside a poll, and hands a long one to the caller', async () => {
    const short = setup([() => rateLimited('45'), () => json(200, done)]);
    expect((await short.client.getRun('a')).state).toBe('Success');
    expect(short.delays).toEqual([45_000]);

    const long = setup([() => rateLimited('300'), () => json(200, done)]);
    const error = await failure(long.client.getRun('a'));
    expect(error).toMatchObject({ kind: 'rate-limited', retryAfterMs: 300_000 });
    expect(long.seen).toHaveLength(1);
    expect(long.delays).toHaveLength(0);
  });
});

describe('poll envelopes (issue 9)', () => {
  it.each<[string, unknown, string]>([
    ['executions: null', { status: 'Running', executions: null }, 'Running'],
    ['no executions key', { status: 'Segmenting' }, 'Segmenting'],
    ['executions: null, no status', { executions: null }, 'Pending'],
  ])('reads %s', async (_label, data, state) => {
    const { client } = setup([() => json(200, { success: true, data })]);
    expect(await client.getRun('a')).toMatchObject({ state, videos: [] });
  });

  it('reads a Success result without a video (no video listed, no error)', async () => {
    const { client } = setup([
      () =>
        json(200, {
          success: true,
          data: {
            executions: [
              {
                status: 'Success',
                result: [
                  { status: 'Success' },
                  { status: 'Success', video: 'https://c.example/b.mp4' },
                ],
              },
            ],
          },
        }),
    ]);
    const snapshot = await client.getRun('a');
    expect(snapshot.state).toBe('Success');
    expect(snapshot.videos.map((v) => v.url)).toEqual(['https://c.example/b.mp4']);
  });
});

describe('beforeRequest (the global request cap)', () => {
  it('is awaited before every attempt of a poll, retries included', async () => {
    const log: string[] = [];
    const { client, seen } = setup(
      [
        () => {
          log.push('fetch');
          return json(503, {});
        },
        () => {
          log.push('fetch');
          throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
        },
        () => {
          log.push('fetch');
          return json(200, done);
        },
      ],
      {
        beforeRequest: async (signal, attempt) => {
          expect(signal).toBeInstanceOf(AbortSignal);
          log.push(`turn ${attempt}`);
        },
      },
    );
    await client.getRun('a', { signal: new AbortController().signal });
    expect(seen).toHaveLength(3);
    // Told which attempt it is, so the app can count retries against the engine's cap.
    expect(log).toEqual(['turn 1', 'fetch', 'turn 2', 'fetch', 'turn 3', 'fetch']);
  });

  it('gates starts, uploads, estimates and key checks too', async () => {
    let turns = 0;
    const { client, seen } = setup(
      [
        json(200, {
          success: true,
          data: { executionId: 'e', image: IMAGE_URL, totalPower: 3 },
        }),
      ],
      { beforeRequest: async () => void turns++ },
    );
    await client.startRun(REQUEST, [IMAGE_URL], 'k');
    await client.uploadImage(IMAGE);
    await client.estimatePower(REQUEST, [IMAGE_URL]);
    await client.testKey();
    expect(seen).toHaveLength(4);
    expect(turns).toBe(4);
  });

  it('sends nothing when the wait is canceled, and says canceled', async () => {
    const controller = new AbortController();
    const { client, seen } = setup([json(200, done)], {
      beforeRequest: (signal) =>
        new Promise<void>((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
          controller.abort();
        }),
    });
    const error = await failure(client.getRun('a', { signal: controller.signal }));
    expect(error.kind).toBe('canceled');
    expect(seen).toHaveLength(0);
  });

  it('turns any other refusal into a typed error and sends nothing', async () => {
    const { client, seen } = setup([json(200, done)], {
      beforeRequest: async () => {
        throw new Error('limiter closed');
      },
    });
    const error = await failure(client.getRun('a'));
    expect(error).toMatchObject({
      kind: 'internal',
      message: expect.stringMatching(/limiter closed/),
    });
    expect(seen).toHaveLength(0);
  });
});
