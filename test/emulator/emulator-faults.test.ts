import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { PollResponse, readRunSnapshot } from '../../shared/weshop-api';
import { FIXTURES } from './fixtures';
import { emulatorPerTest } from './per-test';
import type { RunningEmulator } from './server';
import { apiFetch, fakeClock, rawRequest, startBody, uploadFile, waitUntil } from './testing';

const start = emulatorPerTest();

const IMAGE = 'https://cdn.example.test/ref.jpg';
const errorOf = async (response: Response) =>
  ((await response.json()) as { error: { code: number; message: string; retryable: boolean } })
    .error;

/** Starts a 1-video run under a fake clock, moves the clock past its end and polls it. */
async function runToEnd(emu: RunningEmulator, clock: ReturnType<typeof fakeClock>) {
  const response = await apiFetch(emu, '/agent/runs', { json: startBody(IMAGE) });
  const { data } = (await response.json()) as { data: { executionId: string } };
  clock.advance(10_000);
  const poll = await apiFetch(emu, `/agent/runs/${data.executionId}`);
  return readRunSnapshot(PollResponse.parse(await poll.json()));
}

async function finishedVideo(emu: RunningEmulator, clock: ReturnType<typeof fakeClock>) {
  const video = (await runToEnd(emu, clock)).videos[0]?.url;
  if (video === undefined) throw new Error('the run has no video');
  return video;
}

describe('answer-replacing faults', () => {
  it('status: sends the given status, body and headers, `times` times, then answers normally', async () => {
    const emu = await start();
    emu.inject({
      fault: {
        kind: 'status',
        status: 418,
        body: { code: 99, msg: 'teapot' },
        headers: { 'x-why': 'test' },
      },
      times: 2,
    });
    for (let i = 0; i < 2; i += 1) {
      const response = await apiFetch(emu, '/agent/runs', { json: startBody(IMAGE) });
      expect(response.status).toBe(418);
      expect(response.headers.get('x-why')).toBe('test');
      expect(await response.json()).toEqual({ code: 99, msg: 'teapot' });
    }
    expect((await apiFetch(emu, '/agent/runs', { json: startBody(IMAGE) })).status).toBe(200);
    expect(emu.runCount()).toBe(1);
  });

  it('bad-key: 401 with the published envelope even for the right key', async () => {
    const emu = await start();
    emu.inject({ fault: { kind: 'bad-key' } });
    const response = await apiFetch(emu, '/agent/runs/x');
    expect(response.status).toBe(401);
    expect(await errorOf(response)).toEqual({
      code: 40001,
      message: 'Invalid API key',
      retryable: false,
    });
  });

  it('credits-exhausted: 402 with the power-balance envelope', async () => {
    const emu = await start();
    emu.inject({ fault: { kind: 'credits-exhausted' } });
    const response = await apiFetch(emu, '/agent/runs', { json: startBody(IMAGE) });
    expect(response.status).toBe(402);
    expect(await response.json()).toEqual({
      success: false,
      error: { code: 40002, message: 'Insufficient power balance', retryable: false },
    });
    expect(emu.runCount()).toBe(0);
  });

  it('rate-limit: 429 with Retry-After and a body', async () => {
    const emu = await start();
    emu.inject({ fault: { kind: 'rate-limit', retryAfterSeconds: 7 } });
    const response = await apiFetch(emu, '/agent/runs/x');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect((await errorOf(response)).retryable).toBe(true);
  });

  it.each([undefined, 502, 503] as const)(
    'server-error %s: a retryable 5xx envelope',
    async (status) => {
      const emu = await start();
      emu.inject({
        fault: status === undefined ? { kind: 'server-error' } : { kind: 'server-error', status },
      });
      const response = await apiFetch(emu, '/agent/runs/x');
      expect(response.status).toBe(status ?? 500);
      expect(await errorOf(response)).toMatchObject({ code: 50001, retryable: true });
    },
  );

  it('redirect: 302 to the given location', async () => {
    const emu = await start();
    emu.inject({ fault: { kind: 'redirect', location: 'http://127.0.0.2:9/steal' } });
    const response = await apiFetch(emu, '/agent/runs/x', { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('http://127.0.0.2:9/steal');
  });
});

describe('answer-bending faults', () => {
  it('slow: answers normally, but not before delayMs', async () => {
    const emu = await start();
    emu.inject({ fault: { kind: 'slow', delayMs: 150 } });
    const began = Date.now();
    const response = await apiFetch(emu, '/agent/runs', { json: startBody(IMAGE) });
    expect(response.status).toBe(200);
    // A lower bound only: the emulator must have waited; how fast it was otherwise is not tested.
    expect(Date.now() - began).toBeGreaterThanOrEqual(140);
  });

  it('slow with until: holds the answer until the signal aborts, then answers normally', async () => {
    const emu = await start();
    const release = new AbortController();
    emu.inject({ fault: { kind: 'slow', delayMs: 60_000, until: release.signal } });
    let answered = false;
    const response = apiFetch(emu, '/agent/runs', { json: startBody(IMAGE) }).finally(() => {
      answered = true;
    });
    await waitUntil(() => emu.requests.length === 1);
    expect(answered).toBe(false);
    expect(emu.runCount()).toBe(0); // held before it is processed: no run yet
    release.abort();
    expect((await response).status).toBe(200);
    expect(emu.runCount()).toBe(1);
  });

  it('hang: never answers, still processes the start, and close() releases it', async () => {
    const emu = await start();
    emu.inject({ fault: { kind: 'hang' }, match: { method: 'POST', path: '/agent/runs' } });
    const hanging = apiFetch(emu, '/agent/runs', {
      json: startBody(IMAGE),
      signal: AbortSignal.timeout(20_000),
    });
    const outcome = hanging.then(
      () => 'answered',
      () => 'failed',
    );
    await waitUntil(() => emu.runCount() === 1);
    // Another request still gets through while the first hangs.
    expect((await apiFetch(emu, '/agent/runs/none')).status).toBe(404);
    const hungEntry = emu.requests.find((entry) => entry.method === 'POST');
    expect(hungEntry?.status).toBe(0);
    await emu.close();
    expect(await outcome).toBe('failed');
  });

  it('malformed-json: a 200 whose body is cut-off JSON', async () => {
    const emu = await start();
    emu.inject({ fault: { kind: 'malformed-json' } });
    const response = await apiFetch(emu, '/agent/runs', { json: startBody(IMAGE) });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text.startsWith('{"success":true')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('unexpected-fields: extra fields at every level, and the shared parser still reads it', async () => {
    const clock = fakeClock();
    const emu = await start({ now: clock.now });
    const response = await apiFetch(emu, '/agent/runs', { json: startBody(IMAGE) });
    const { data } = (await response.json()) as { data: { executionId: string } };
    clock.advance(10_000);
    emu.inject({ fault: { kind: 'unexpected-fields' } });
    const poll = await apiFetch(emu, `/agent/runs/${data.executionId}`);
    const body = (await poll.json()) as {
      emulatorUnknownString?: string;
      data: { emulatorUnknownString?: string; executions: Record<string, unknown>[] };
    };
    expect(body.emulatorUnknownString).toBeDefined();
    expect(body.data.emulatorUnknownString).toBeDefined();
    expect(body.data.executions[0]?.emulatorUnknownObject).toBeDefined();
    const snapshot = readRunSnapshot(PollResponse.parse(body));
    expect(snapshot.state).toBe('Success');
    expect(snapshot.videos).toHaveLength(1);
  });

  it('run-fails: the next started run ends Failed with the reason and no videos; later runs succeed', async () => {
    const clock = fakeClock();
    const emu = await start({ now: clock.now });
    emu.inject({ fault: { kind: 'run-fails', reason: 'content policy: face not allowed' } });
    // An upload in between does not use the fault up: only a start does.
    await uploadFile(emu, FIXTURES.pngImage, 'image/png');
    const failed = await runToEnd(emu, clock);
    expect(failed).toMatchObject({
      state: 'Failed',
      videos: [],
      message: 'content policy: face not allowed',
    });
    const next = await runToEnd(emu, clock);
    expect(next.state).toBe('Success');
  });
});

describe('download faults (CDN)', () => {
  it('cut-download: headers and afterBytes bytes, then the connection drops', async () => {
    const clock = fakeClock();
    const emu = await start({ now: clock.now });
    const video = await finishedVideo(emu, clock);
    const full = await emu.videoBytes(video);
    emu.inject({ fault: { kind: 'cut-download', afterBytes: 1000 } });
    const cut = await rawRequest(video);
    expect(cut.status).toBe(200);
    expect(cut.headers['content-length']).toBe(String(full.length));
    expect(cut.complete).toBe(false);
    expect(cut.bytes.equals(full.subarray(0, 1000))).toBe(true);
    // fetch sees the same thing as an error while reading the body.
    emu.inject({ fault: { kind: 'cut-download', afterBytes: 10 } });
    const response = await fetch(video);
    await expect(response.arrayBuffer()).rejects.toThrow();
    // The fault was used up: the next download is whole.
    expect(Buffer.from(await (await fetch(video)).arrayBuffer()).equals(full)).toBe(true);
  });

  it('cut-download with afterBytes 0 sends headers only', async () => {
    const emu = await start();
    const url = emu.addSyntheticVideo(50_000);
    emu.inject({ fault: { kind: 'cut-download', afterBytes: 0 } });
    const cut = await rawRequest(url);
    expect(cut.status).toBe(200);
    expect(cut.bytes.length).toBe(0);
    expect(cut.complete).toBe(false);
  });

  it('wrong-content-length: announces more than it sends, then ends', async () => {
    const emu = await start();
    const url = await uploadFile(emu, FIXTURES.jpegImage, 'image/jpeg');
    const real = await readFile(FIXTURES.jpegImage);
    emu.inject({ fault: { kind: 'wrong-content-length' } });
    const response = await rawRequest(url);
    expect(Number(response.headers['content-length'])).toBeGreaterThan(real.length);
    expect(response.bytes.equals(real)).toBe(true);
    expect(response.complete).toBe(false);
  });

  it('API faults aimed at the CDN hit downloads only', async () => {
    const emu = await start();
    const url = emu.addSyntheticVideo(1000);
    emu.inject({
      fault: { kind: 'server-error', status: 503 },
      match: { origin: 'cdn' },
      times: Infinity,
    });
    expect((await fetch(url)).status).toBe(503);
    expect((await fetch(url)).status).toBe(503);
    expect((await apiFetch(emu, '/agent/runs/x')).status).toBe(404);
    emu.clearFaults();
    expect((await fetch(url)).status).toBe(200);
  });

  it('redirect on the CDN', async () => {
    const emu = await start();
    const url = emu.addSyntheticVideo(1000);
    emu.inject({
      fault: { kind: 'redirect', location: `${url}?again=1` },
      match: { origin: 'cdn' },
    });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.redirected).toBe(true);
    expect(emu.requests.map((entry) => entry.status)).toEqual([302, 200]);
  });
});

describe('matching', () => {
  it('matches method and path (string suffix or RegExp) and leaves other requests alone', async () => {
    const emu = await start();
    emu.inject({
      fault: { kind: 'server-error' },
      match: { method: 'GET', path: /\/agent\/runs\/target$/ },
    });
    emu.inject({ fault: { kind: 'bad-key' }, match: { path: '/agent/power-estimates' } });
    expect((await apiFetch(emu, '/agent/runs/other')).status).toBe(404);
    expect((await apiFetch(emu, '/agent/runs', { json: startBody(IMAGE) })).status).toBe(200);
    expect((await apiFetch(emu, '/agent/runs/target')).status).toBe(500);
    expect((await apiFetch(emu, '/agent/runs/target')).status).toBe(404);
    expect((await apiFetch(emu, '/agent/power-estimates', { json: startBody(IMAGE) })).status).toBe(
      401,
    );
  });

  it('does not touch CDN requests with a default (API) match', async () => {
    const emu = await start();
    const url = emu.addSyntheticVideo(10);
    emu.inject({ fault: { kind: 'server-error' } });
    expect((await fetch(url)).status).toBe(200);
    expect((await apiFetch(emu, '/agent/runs/x')).status).toBe(500);
  });
});
