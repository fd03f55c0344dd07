import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './fixtures';
import { emulatorPerTest } from './per-test';
import type { RunningEmulator } from './server';
import { apiFetch, fakeClock, startBody, uploadFile } from './testing';

const start = emulatorPerTest();

const IMAGE = 'https://cdn.example.test/ref.jpg';

interface PollBody {
  success: boolean;
  data: {
    agentName: string;
    agentVersion: string;
    initParams: unknown;
    executions: {
      executionId: string;
      status: string;
      executionTime: number;
      params: Record<string, unknown>;
      result: { status: string; video: string; videoPoster?: string }[];
      message?: string;
    }[];
  };
  meta: { executionId: string };
}

async function startRun(emu: RunningEmulator, params: Record<string, unknown> = {}, key?: string) {
  const response = await apiFetch(emu, '/agent/runs', {
    json: startBody(IMAGE, params),
    headers: key ? { 'idempotency-key': key } : {},
  });
  const body = (await response.json()) as {
    data: { executionId: string; powerConsumption: number; powerBalanceAmount: number };
    meta: { executionId: string };
  };
  expect(response.status).toBe(200);
  return body;
}

async function poll(emu: RunningEmulator, executionId: string): Promise<PollBody> {
  const response = await apiFetch(emu, `/agent/runs/${executionId}`);
  expect(response.status).toBe(200);
  return (await response.json()) as PollBody;
}

describe('origins', () => {
  it('serves the API and the CDN on two different loopback ports', async () => {
    const emu = await start();
    const api = new URL(emu.apiBase);
    const cdn = new URL(emu.cdnBase);
    expect(api.hostname).toBe('127.0.0.1');
    expect(cdn.hostname).toBe('127.0.0.1');
    expect(api.pathname).toBe('/openapi');
    expect(api.port).not.toBe(cdn.port);
  });
});

describe('auth', () => {
  it('accepts the raw key', async () => {
    const emu = await start({ apiKey: 'k-raw-123' });
    const response = await apiFetch(emu, '/agent/runs', { json: startBody(IMAGE) });
    expect(response.status).toBe(200);
  });

  it.each([
    ['Bearer <key>', (key: string) => `Bearer ${key}`],
    ['a wrong key', (key: string) => `${key}x`],
    ['an empty header', () => ''],
  ])('rejects %s with the 40001 envelope', async (_label, header) => {
    const emu = await start({ apiKey: 'k-raw-123' });
    const response = await apiFetch(emu, '/agent/runs', {
      json: startBody(IMAGE),
      headers: { authorization: header(emu.apiKey) },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      success: false,
      error: { code: 40001, message: 'Invalid API key', retryable: false },
    });
    expect(emu.runCount()).toBe(0);
  });

  it('rejects a request with no Authorization header', async () => {
    const emu = await start();
    const response = await fetch(`${emu.apiBase}/agent/runs/whatever`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(40001);
  });
});

describe('upload', () => {
  it.each([
    [FIXTURES.pngImage, 'image/png'],
    [FIXTURES.jpegImage, 'image/jpeg'],
  ])('round-trips %s through the CDN without a key', async (path, type) => {
    const emu = await start();
    const url = await uploadFile(emu, path, type);
    expect(new URL(url).origin).toBe(emu.cdnBase);
    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe(type);
    expect(Buffer.from(await download.arrayBuffer()).equals(await readFile(path))).toBe(true);
    expect(emu.requests.at(-1)).toMatchObject({ origin: 'cdn', method: 'GET', status: 200 });
    expect(emu.requests.at(-1)?.headers.authorization).toBeUndefined();
  });

  it('rejects a form without the image field', async () => {
    const emu = await start();
    const form = new FormData();
    form.append('file', new Blob([await readFile(FIXTURES.pngImage)]), 'input.png');
    const response = await apiFetch(emu, '/agent/assets/images', { method: 'POST', body: form });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { success: boolean; error: { message: string } };
    expect(body.success).toBe(false);
    expect(body.error.message).toContain('"image"');
  });

  it('rejects a file that is not an image, whatever its name and type say', async () => {
    const emu = await start();
    const form = new FormData();
    form.append('image', new Blob(['just some text'], { type: 'image/png' }), 'fake.png');
    const response = await apiFetch(emu, '/agent/assets/images', { method: 'POST', body: form });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /not an image/,
    );
  });

  it('rejects a body that is not multipart', async () => {
    const emu = await start();
    const response = await apiFetch(emu, '/agent/assets/images', { json: { image: 'x' } });
    expect(response.status).toBe(400);
  });
});

describe('start validation', () => {
  it.each([
    ['duration 16s on Kling_3_0', { duration: '16s' }, /duration/],
    ['duration 2s on Kling_3_0', { duration: '2s' }, /duration/],
    ['fractional duration', { duration: '5.5s' }, /duration/],
    ['duration 7s on Kling_2_6', { modelName: 'Kling_2_6', duration: '7s' }, /5s or 10s/],
    ['duration 3s on Kling_2_1', { modelName: 'Kling_2_1', duration: '3s' }, /5s or 10s/],
    [
      'audio on Kling_2_5_Turbo',
      { modelName: 'Kling_2_5_Turbo', generateAudio: 'true' },
      /Kling_2_5_Turbo/,
    ],
    [
      'audio on Kling_2_1_Master',
      { modelName: 'Kling_2_1_Master', generateAudio: 'true' },
      /audio/i,
    ],
    ['audio as a boolean', { generateAudio: true }, /generateAudio/],
    ['batchCount 0', { batchCount: 0 }, /batchCount/],
    ['batchCount 17', { batchCount: 17 }, /batchCount/],
    ['batchCount 1.5', { batchCount: 1.5 }, /batchCount/],
    // Kling takes a last frame as image 2 now (docs/weshop-api.md); a third is too many.
    ['three images', { images: [IMAGE, IMAGE, IMAGE] }, /takes 1 or 2 image URLs/],
    ['no image', { images: [] }, /images/],
    ['an image that is not a URL', { images: ['ref.jpg'] }, /URL/],
    ['an empty prompt', { textDescription: '  ' }, /textDescription/],
    ['an unknown model', { modelName: 'Kling_9' }, /modelName/],
  ])('rejects %s', async (_label, params, reason) => {
    const emu = await start();
    const response = await apiFetch(emu, '/agent/runs', { json: startBody(IMAGE, params) });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { success: boolean; error: Record<string, unknown> };
    expect(body.success).toBe(false);
    expect(body.error.code).toBe(40000);
    expect(body.error.retryable).toBe(false);
    expect(body.error.message).toMatch(reason);
    expect(emu.runCount()).toBe(0);
  });

  it('rejects a wrong agent', async () => {
    const emu = await start();
    const body = { ...startBody(IMAGE), agent: { name: 'kling', version: 'v2.0' } };
    const response = await apiFetch(emu, '/agent/runs', { json: body });
    expect(response.status).toBe(400);
  });

  it("keeps input.taskName (the run's name in WeShop's history) and polls it back", async () => {
    const emu = await start();
    const body = startBody(IMAGE);
    const taskName = 'Kling Studio · slow dolly-in · m3x9k2a1b-4fz0qa';
    const response = await apiFetch(emu, '/agent/runs', {
      json: { ...body, input: { ...body.input, taskName } },
    });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { executionId: string } };
    expect((await poll(emu, data.executionId)).data).toMatchObject({ taskName });
    expect(emu.createdRuns?.()[0]?.input).toMatchObject({ taskName });
    // Without one, the poll names nothing.
    const plain = await startRun(emu);
    expect((await poll(emu, plain.data.executionId)).data).not.toHaveProperty('taskName');
  });

  it.each([
    ['/agent/runs', 42],
    ['/agent/runs', { name: 'x' }],
    ['/agent/power-estimates', null],
  ])('rejects a %s body whose input.taskName is %o (not a string)', async (path, taskName) => {
    const emu = await start();
    const body = startBody(IMAGE);
    const response = await apiFetch(emu, path, {
      json: { ...body, input: { ...body.input, taskName } },
    });
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: { message: string } };
    expect(answer.error.message).toBe('input.taskName must be a string');
    expect(emu.runCount()).toBe(0);
  });

  it('rejects a body that is not JSON', async () => {
    const emu = await start();
    const response = await apiFetch(emu, '/agent/runs', { method: 'POST', body: '{"agent":' });
    expect(response.status).toBe(400);
  });

  it.each([
    { modelName: 'Kling_3_0', duration: '3s', generateAudio: 'true' },
    { modelName: 'Kling_3_0', duration: '15s', batchCount: 16 },
    { modelName: 'Kling_2_6', duration: '10s', generateAudio: 'true' },
    { modelName: 'Kling_2_5_Turbo', duration: '5s' },
    { modelName: 'Kling_2_1_Master', duration: '10s' },
    { modelName: 'Kling_2_1', duration: '5s', generateAudio: 'false' },
  ])('accepts %o', async (params) => {
    const emu = await start();
    const body = await startRun(emu, params);
    expect(body.data.executionId).toMatch(/\S/);
    expect(body.meta.executionId).toBe(body.data.executionId);
  });

  it('applies the defaults (Kling_3_0, 5s, no audio, 1 video) when optional params are left out', async () => {
    const emu = await start({ now: fakeClock().now });
    const response = await apiFetch(emu, '/agent/runs', {
      json: {
        agent: { name: 'kling', version: 'v1.0' },
        params: { images: [IMAGE], textDescription: 'go' },
      },
    });
    const { data } = (await response.json()) as { data: { executionId: string } };
    const body = await poll(emu, data.executionId);
    expect(body.data.executions[0]?.params).toMatchObject({
      modelName: 'Kling_3_0',
      duration: '5s',
      generateAudio: 'false',
      batchCount: 1,
    });
    expect(body.data.initParams).toEqual({ images: [IMAGE], textDescription: 'go' });
  });
});

describe('run progression', () => {
  const timings = { pendingMs: 100, segmentingMs: 100, runningMs: 400 };

  it('moves Pending → Segmenting → Running → Success on the configured timings', async () => {
    const clock = fakeClock();
    const emu = await start({ timings, now: clock.now });
    const { data } = await startRun(emu);
    const seen: string[] = [];
    for (const step of [0, 99, 1, 99, 1, 399, 1]) {
      clock.advance(step);
      const body = await poll(emu, data.executionId);
      seen.push(body.data.executions.at(-1)?.status ?? 'none');
    }
    expect(seen).toEqual([
      'Pending',
      'Pending',
      'Segmenting',
      'Segmenting',
      'Running',
      'Running',
      'Success',
    ]);
  });

  it('follows the real clock by default', async () => {
    const emu = await start({ timings: { pendingMs: 20, segmentingMs: 20, runningMs: 40 } });
    const { data } = await startRun(emu);
    const states = new Set<string>();
    for (let i = 0; i < 200 && !states.has('Success'); i += 1) {
      const body = await poll(emu, data.executionId);
      states.add(body.data.executions.at(-1)?.status ?? 'none');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(states.has('Success')).toBe(true);
  });

  it('splits batchCount across executions and reports the last execution as the run state', async () => {
    const clock = fakeClock();
    const emu = await start({ timings, now: clock.now, resultsPerExecution: 4 });
    const { data } = await startRun(emu, { batchCount: 10 });

    // 200 ms in Running: the first of three executions (finishing at 333 ms) is not done yet.
    clock.advance(200 + 150);
    let body = await poll(emu, data.executionId);
    expect(body.data.executions.map((e) => e.status)).toEqual(['Success', 'Running', 'Running']);
    expect(body.data.executions[0]?.result).toHaveLength(4);

    clock.advance(250);
    body = await poll(emu, data.executionId);
    expect(body).toMatchObject({
      success: true,
      data: { agentName: 'kling', agentVersion: 'v1.0' },
      meta: { executionId: data.executionId },
    });
    const executions = body.data.executions;
    expect(executions.map((e) => e.result.length)).toEqual([4, 4, 2]);
    expect(executions.every((e) => e.status === 'Success')).toBe(true);
    expect(new Set(executions.map((e) => e.executionId)).size).toBe(3);
    const results = executions.flatMap((e) => e.result);
    expect(new Set(results.map((r) => r.video)).size).toBe(10);
    results.forEach((result, index) => {
      expect(new URL(result.video).origin).toBe(emu.cdnBase);
      expect(result.status).toBe('Success');
      if (index % 2 === 0)
        expect(result.videoPoster).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/posters\//);
      else expect(result.videoPoster).toBeUndefined();
    });
  });

  it('hands out playable fixture videos: the URL serves exactly videoBytes(url)', async () => {
    const clock = fakeClock();
    const emu = await start({ timings, now: clock.now });
    const { data } = await startRun(emu, { batchCount: 3 });
    clock.advance(600);
    const results = (await poll(emu, data.executionId)).data.executions.flatMap((e) => e.result);
    const fixtures = await Promise.all(FIXTURES.videos.map((path) => readFile(path)));
    const served: Buffer[] = [];
    for (const result of results) {
      const response = await fetch(result.video);
      expect(response.headers.get('content-type')).toBe('video/mp4');
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.equals(await emu.videoBytes(result.video))).toBe(true);
      expect(fixtures.some((fixture) => fixture.equals(bytes))).toBe(true);
      expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
      served.push(bytes);
    }
    // Three results in a row map to three different clips.
    expect(new Set(served.map((b) => b.toString('base64'))).size).toBe(3);
    const poster = await fetch(results[0]?.videoPoster ?? '');
    expect(poster.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await poster.arrayBuffer()).equals(await readFile(FIXTURES.poster))).toBe(
      true,
    );
  });

  it('applies setTimings only to runs started afterwards', async () => {
    const clock = fakeClock();
    const emu = await start({ timings, now: clock.now });
    const first = await startRun(emu);
    emu.setTimings({ pendingMs: 10_000 });
    const second = await startRun(emu);
    clock.advance(700);
    expect((await poll(emu, first.data.executionId)).data.executions[0]?.status).toBe('Success');
    expect((await poll(emu, second.data.executionId)).data.executions[0]?.status).toBe('Pending');
  });

  it('answers 404 "run not found" for an unknown executionId', async () => {
    const emu = await start();
    const response = await apiFetch(emu, '/agent/runs/no-such-run');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      success: false,
      error: { code: 40000, message: 'run not found', retryable: false },
    });
  });

  it('answers 404 with the envelope for an unknown path', async () => {
    const emu = await start();
    const response = await apiFetch(emu, '/agent/nothing-here');
    expect(response.status).toBe(404);
    expect(((await response.json()) as { success: boolean }).success).toBe(false);
  });
});

describe('idempotency', () => {
  it('returns the same executionId for a repeated Idempotency-Key without a new run', async () => {
    const emu = await start();
    const first = await startRun(emu, {}, 'key-1');
    const again = await startRun(emu, {}, 'key-1');
    const other = await startRun(emu, {}, 'key-2');
    expect(again.data.executionId).toBe(first.data.executionId);
    expect(other.data.executionId).not.toBe(first.data.executionId);
    expect(emu.startsByIdempotencyKey()).toEqual(
      new Map([
        ['key-1', 1],
        ['key-2', 1],
      ]),
    );
    expect(emu.startAttemptsByIdempotencyKey().get('key-1')).toBe(2);
    expect(emu.runCount()).toBe(2);
  });

  it('creates a new run for every start without a key', async () => {
    const emu = await start();
    const a = await startRun(emu);
    const b = await startRun(emu);
    expect(a.data.executionId).not.toBe(b.data.executionId);
    expect(emu.runCount()).toBe(2);
    expect(emu.startsByIdempotencyKey().size).toBe(0);
  });
});

describe('power', () => {
  it('charges a start and reports the balance; a repeat of the same key is not charged again', async () => {
    const emu = await start({ powerBalance: 1000 });
    const first = await startRun(emu, { batchCount: 2 }, 'k');
    expect(first.data.powerConsumption).toBeGreaterThan(0);
    expect(first.data.powerBalanceAmount).toBe(1000 - first.data.powerConsumption);
    const again = await startRun(emu, { batchCount: 2 }, 'k');
    expect(again.data.powerBalanceAmount).toBe(first.data.powerBalanceAmount);
  });

  it('answers 402 when the balance does not cover the run', async () => {
    const emu = await start({ powerBalance: 1 });
    const response = await apiFetch(emu, '/agent/runs', { json: startBody(IMAGE) });
    expect(response.status).toBe(402);
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(40002);
  });

  it('estimates the cost a start would charge', async () => {
    const emu = await start({ powerBalance: 10 });
    const response = await apiFetch(emu, '/agent/power-estimates', {
      json: startBody(IMAGE, { batchCount: 4, duration: '10s' }),
    });
    const body = (await response.json()) as {
      data: { totalPower: number; paidPowerNotEnough: boolean };
    };
    expect(response.status).toBe(200);
    expect(body.data.totalPower).toBeGreaterThan(10);
    expect(body.data.paidPowerNotEnough).toBe(true);
    const bad = await apiFetch(emu, '/agent/power-estimates', {
      json: startBody(IMAGE, { batchCount: 0 }),
    });
    expect(bad.status).toBe(400);
  });
});

describe('request log', () => {
  it('records both origins with lower-cased headers (key included), bodies and statuses', async () => {
    const emu = await start();
    const url = await uploadFile(emu, FIXTURES.pngImage, 'image/png');
    await apiFetch(emu, '/agent/runs', {
      json: startBody(url),
      headers: { 'Idempotency-Key': 'log-key' },
    });
    await fetch(`${url}?probe=1`, { headers: { 'X-Probe': 'yes' } });

    const [uploadEntry, startEntry, cdnEntry] = emu.requests;
    expect(uploadEntry).toMatchObject({
      origin: 'api',
      method: 'POST',
      path: '/openapi/agent/assets/images',
      status: 200,
      body: 'multipart image=input.png 13894 bytes',
    });
    expect(uploadEntry?.headers.authorization).toBe(emu.apiKey);
    expect(startEntry?.headers['idempotency-key']).toBe('log-key');
    expect(JSON.parse(startEntry?.body ?? '')).toEqual(startBody(url));
    expect(cdnEntry).toMatchObject({ origin: 'cdn', method: 'GET', status: 200 });
    expect(cdnEntry?.path).toMatch(/^\/uploads\/.+\?probe=1$/);
    expect(cdnEntry?.headers['x-probe']).toBe('yes');
    expect(cdnEntry?.headers.authorization).toBeUndefined();
    expect(emu.requests.every((entry) => entry.at > 0)).toBe(true);
  });
});

describe('offline', () => {
  it('refuses connections while offline and keeps its state when back on the same ports', async () => {
    const emu = await start();
    const { data } = await startRun(emu);
    await emu.goOffline();
    await expect(apiFetch(emu, `/agent/runs/${data.executionId}`)).rejects.toThrow();
    await expect(fetch(`${emu.cdnBase}/uploads/x.png`)).rejects.toThrow();
    await emu.goOnline();
    const body = await poll(emu, data.executionId);
    expect(body.meta.executionId).toBe(data.executionId);
    expect((await fetch(`${emu.cdnBase}/uploads/x.png`)).status).toBe(404);
  });
});
