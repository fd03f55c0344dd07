/**
 * The emulator's modes for issue 9: a server that ignores Idempotency-Key, runs whose
 * executions end differently, the other legal poll envelopes, expired video links,
 * Retry-After as an HTTP-date, and a slow upload another request can overtake.
 */
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './fixtures';
import { emulatorPerTest } from './per-test';
import type { RunningEmulator } from './server';
import { apiFetch, fakeClock, rawRequest, startBody, uploadFile, waitUntil } from './testing';

const start = emulatorPerTest();
const IMAGE = 'https://cdn.example.test/ref.jpg';

interface PollResult {
  status?: string;
  video?: string;
  videoPoster?: string;
}
interface PollExecution {
  executionId: string;
  status: string;
  result: PollResult[];
  message?: string;
}
interface PollBodyShape {
  data: { status?: string; executions?: PollExecution[] | null };
}

async function startRun(
  emu: RunningEmulator,
  params: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const response = await apiFetch(emu, '/agent/runs', { json: startBody(IMAGE, params), headers });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    data: { executionId: string; powerConsumption: number; powerBalanceAmount: number };
  };
}

async function poll(emu: RunningEmulator, executionId: string): Promise<PollBodyShape> {
  const response = await apiFetch(emu, `/agent/runs/${executionId}`);
  expect(response.status).toBe(200);
  return (await response.json()) as PollBodyShape;
}

const executionsOf = (body: PollBodyShape): PollExecution[] => body.data.executions ?? [];

describe('honourIdempotencyKey: false', () => {
  it('creates and charges a new run for every start, and counts every one per key', async () => {
    const emu = await start({ honourIdempotencyKey: false });
    const key = { 'Idempotency-Key': 'same-key-twice' };
    const first = await startRun(emu, {}, key);
    const second = await startRun(emu, {}, key);
    expect(second.data.executionId).not.toBe(first.data.executionId);
    expect(second.data.powerBalanceAmount).toBe(
      first.data.powerBalanceAmount - second.data.powerConsumption,
    );
    expect(emu.runCount()).toBe(2);
    expect(emu.startsByIdempotencyKey().get('same-key-twice')).toBe(2);
    expect(emu.startAttemptsByIdempotencyKey().get('same-key-twice')).toBe(2);
  });

  it('createdRuns lists every charged run: its key, the input sent and what it delivers', async () => {
    const emu = await start({ honourIdempotencyKey: false, resultsPerExecution: 1 });
    emu.inject({ fault: { kind: 'mixed-executions', outcomes: ['Failed', 'Success'] } });
    const first = await startRun(emu, { batchCount: 2 }, { 'Idempotency-Key': 'k-1' });
    const second = await startRun(emu, {}, { 'Idempotency-Key': 'k-1' });
    expect(emu.createdRuns()).toEqual([
      expect.objectContaining({
        executionId: first.data.executionId,
        idempotencyKey: 'k-1',
        input: { images: [IMAGE], originalImage: IMAGE },
        batchCount: 2,
        deliveredVideos: [1],
        deliversNothing: false,
      }),
      expect.objectContaining({
        executionId: second.data.executionId,
        idempotencyKey: 'k-1',
        deliveredVideos: [0],
      }),
    ]);
  });

  it('is off by default: the same key gets the same run back', async () => {
    const emu = await start();
    const key = { 'Idempotency-Key': 'same-key-twice' };
    const first = await startRun(emu, {}, key);
    const second = await startRun(emu, {}, key);
    expect(second.data.executionId).toBe(first.data.executionId);
    expect(emu.startsByIdempotencyKey().get('same-key-twice')).toBe(1);
  });
});

describe('mixed-executions', () => {
  it('ends each execution as told: Failed ones carry the reason and deliver no video', async () => {
    const clock = fakeClock();
    const emu = await start({ now: clock.now, resultsPerExecution: 2 });
    emu.inject({
      fault: { kind: 'mixed-executions', outcomes: ['Success', 'Failed'], reason: 'moderation' },
    });
    const { data } = await startRun(emu, { batchCount: 4 });
    clock.advance(10_000);
    const executions = executionsOf(await poll(emu, data.executionId));
    expect(executions.map((e) => e.status)).toEqual(['Success', 'Failed']);
    expect(executions[0]?.result).toHaveLength(2);
    expect(executions[1]).toMatchObject({ result: [], message: 'moderation' });
    const delivered = executions[0]?.result[0]?.video ?? '';
    expect((await rawRequest(delivered)).status).toBe(200);
    // Videos 2 and 3 belonged to the failed execution: the CDN has nothing there.
    const undelivered = delivered.replace(/\/0\.mp4$/, '/2.mp4');
    expect((await rawRequest(undelivered)).status).toBe(404);

    // Only the next run is affected.
    const next = await startRun(emu, { batchCount: 4 });
    clock.advance(10_000);
    expect(executionsOf(await poll(emu, next.data.executionId)).map((e) => e.status)).toEqual([
      'Success',
      'Success',
    ]);
  });

  it("a 'Running' outcome never finishes, before or after a Success", async () => {
    const clock = fakeClock();
    const emu = await start({ now: clock.now, resultsPerExecution: 1 });
    emu.inject({ fault: { kind: 'mixed-executions', outcomes: ['Success', 'Running'] } });
    emu.inject({ fault: { kind: 'mixed-executions', outcomes: ['Running', 'Success'] } });
    const lastRuns = await startRun(emu, { batchCount: 2 });
    const firstRuns = await startRun(emu, { batchCount: 2 });
    clock.advance(24 * 3600_000);
    expect(executionsOf(await poll(emu, lastRuns.data.executionId)).map((e) => e.status)).toEqual([
      'Success',
      'Running',
    ]);
    const body = await poll(emu, firstRuns.data.executionId);
    expect(executionsOf(body).map((e) => e.status)).toEqual(['Running', 'Success']);
    expect(executionsOf(body).map((e) => e.result.length)).toEqual([0, 1]);
  });

  it('gives missing outcomes Success and Failed ones a default message', async () => {
    const clock = fakeClock();
    const emu = await start({ now: clock.now, resultsPerExecution: 1 });
    emu.inject({ fault: { kind: 'mixed-executions', outcomes: ['Failed'] } });
    const { data } = await startRun(emu, { batchCount: 3 });
    clock.advance(10_000);
    const executions = executionsOf(await poll(emu, data.executionId));
    expect(executions.map((e) => e.status)).toEqual(['Failed', 'Success', 'Success']);
    expect(executions[0]?.message).toBe('generation failed');
  });
});

describe('poll-envelope', () => {
  async function finishedRunWith(
    variant: 'status-only' | 'executions-null' | 'result-without-video',
  ) {
    const clock = fakeClock();
    const emu = await start({ now: clock.now });
    emu.inject({ fault: { kind: 'poll-envelope', variant } });
    // The start is not a poll: the fault waits for the poll (default match).
    const { data } = await startRun(emu);
    clock.advance(10_000);
    const response = await apiFetch(emu, `/agent/runs/${data.executionId}`);
    expect(response.status).toBe(200);
    const bent = (await response.json()) as PollBodyShape;
    const normal = await poll(emu, data.executionId);
    return { bent, normal };
  }

  it('status-only: data.status and no executions key; the next poll is normal again', async () => {
    const { bent, normal } = await finishedRunWith('status-only');
    expect(bent.data.status).toBe('Success');
    expect('executions' in bent.data).toBe(false);
    expect(executionsOf(normal)).toHaveLength(1);
  });

  it('executions-null: data.status with executions: null', async () => {
    const { bent } = await finishedRunWith('executions-null');
    expect(bent.data).toMatchObject({ status: 'Success', executions: null });
  });

  it('result-without-video: a Success execution whose result item has no video', async () => {
    const { bent, normal } = await finishedRunWith('result-without-video');
    expect(executionsOf(bent)[0]).toMatchObject({
      status: 'Success',
      result: [{ status: 'Success' }],
    });
    expect(executionsOf(bent)[0]?.result[0]?.video).toBeUndefined();
    expect(executionsOf(normal)[0]?.result[0]?.video).toBeDefined();
  });

  it('reports the run state of a still-running run in data.status', async () => {
    const clock = fakeClock();
    const emu = await start({ now: clock.now });
    emu.inject({ fault: { kind: 'poll-envelope', variant: 'status-only' } });
    const { data } = await startRun(emu);
    expect((await poll(emu, data.executionId)).data.status).toBe('Pending');
  });
});

describe('expired-link', () => {
  it('refuses links handed out before it with the status; a new poll hands out working ones', async () => {
    const clock = fakeClock();
    const emu = await start({ now: clock.now });
    const { data } = await startRun(emu);
    clock.advance(10_000);
    const old = executionsOf(await poll(emu, data.executionId))[0]?.result[0];
    if (old?.video === undefined || old.videoPoster === undefined) throw new Error('no video');
    expect((await rawRequest(old.video)).status).toBe(200);

    emu.inject({ fault: { kind: 'expired-link', status: 410 } });
    expect((await rawRequest(old.video)).status).toBe(410);
    expect((await rawRequest(old.videoPoster)).status).toBe(410);

    const fresh = executionsOf(await poll(emu, data.executionId))[0]?.result[0];
    if (fresh?.video === undefined || fresh.videoPoster === undefined) throw new Error('no video');
    expect(fresh.video).toMatch(/\?v=2$/);
    const download = await rawRequest(fresh.video);
    expect(download.status).toBe(200);
    expect(download.bytes.equals(await emu.videoBytes(fresh.video))).toBe(true);
    expect((await rawRequest(fresh.videoPoster)).status).toBe(200);
    // A link that was never handed out is not a valid one either.
    expect((await rawRequest(fresh.video.replace('?v=2', '?v=3'))).status).toBe(404);
  });

  it.each([403, 404] as const)('can refuse with %i, and expire again later', async (status) => {
    const clock = fakeClock();
    const emu = await start({ now: clock.now });
    const { data } = await startRun(emu);
    clock.advance(10_000);
    emu.inject({ fault: { kind: 'expired-link', status } });
    const second = executionsOf(await poll(emu, data.executionId))[0]?.result[0]?.video ?? '';
    expect((await rawRequest(second)).status).toBe(200);
    emu.inject({ fault: { kind: 'expired-link', status } });
    expect((await rawRequest(second)).status).toBe(status);
    const third = executionsOf(await poll(emu, data.executionId))[0]?.result[0]?.video ?? '';
    expect(third).toMatch(/\?v=3$/);
    expect((await rawRequest(third)).status).toBe(200);
  });
});

describe('rate-limit with retryAfterDate', () => {
  it('sends Retry-After as an HTTP-date and a Date header, both from the emulator clock', async () => {
    // Years away from the real clock: only the answer's own Date gives the right wait.
    const clock = fakeClock(Date.UTC(2001, 0, 1, 12, 0, 0, 250));
    const emu = await start({ now: clock.now });
    emu.inject({ fault: { kind: 'rate-limit', retryAfterSeconds: 7, retryAfterDate: true } });
    const response = await apiFetch(emu, '/agent/runs', { json: startBody(IMAGE) });
    expect(response.status).toBe(429);
    const date = response.headers.get('date') ?? '';
    const retryAfter = response.headers.get('retry-after') ?? '';
    expect(date).toBe('Mon, 01 Jan 2001 12:00:00 GMT');
    expect(retryAfter).toBe('Mon, 01 Jan 2001 12:00:07 GMT');
    expect(Date.parse(retryAfter) - Date.parse(date)).toBe(7000);
    expect(emu.runCount()).toBe(0);
  });

  it('still sends seconds by default', async () => {
    const emu = await start();
    emu.inject({ fault: { kind: 'rate-limit', retryAfterSeconds: 3 } });
    const response = await apiFetch(emu, '/agent/runs/x');
    expect(response.headers.get('retry-after')).toBe('3');
  });
});

describe('slow upload', () => {
  it('`slow` matched to the upload path holds the upload while a start goes through', async () => {
    const emu = await start();
    emu.inject({
      fault: { kind: 'slow', delayMs: 1500 },
      match: { method: 'POST', path: '/agent/assets/images' },
    });
    const order: string[] = [];
    const began = Date.now();
    const upload = uploadFile(emu, FIXTURES.pngImage, 'image/png').then((url) => {
      order.push('upload');
      return url;
    });
    // The start is sent while the upload is held (its request is on record, unanswered).
    await waitUntil(() => emu.requests.some((r) => r.path.endsWith('/agent/assets/images')));
    await startRun(emu);
    order.push('start');
    const url = await upload;
    expect(url).toMatch(/\/uploads\//);
    expect(order).toEqual(['start', 'upload']);
    expect(Date.now() - began).toBeGreaterThanOrEqual(1490);
  });
});
