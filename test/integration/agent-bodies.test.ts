/**
 * Issue 20: what the real WeShop client sends for each Kling agent, byte for byte, as the
 * emulator received it (it keeps each run's raw body): where each picture and the reference
 * video go, input.originalImage and input.taskName, and no field the agent does not take (the
 * emulator refuses those by name). The estimate per agent is the price a start then charges.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEstimator } from '../../electron/credits/estimator';
import { createWeShopClient } from '../../electron/weshop/client';
import type { WeShopApi } from '../../electron/weshop/types';
import { describeEstimate } from '../../shared/credits';
import { KlingError } from '../../shared/errors';
import { RenderRequest, type RenderRequestInput } from '../../shared/render-request';
import { runTaskName } from '../../shared/task-name';
import { FIXTURES } from '../emulator/fixtures';
import { type RunningEmulator, startEmulator } from '../emulator/server';

const PROMPT = 'the door swings open, light spills in';
const RENDER_ID = 'm3x9k2a1b-4fz0qa';
const TASK_NAME = runTaskName(PROMPT, RENDER_ID);
const VIDEO = 'https://cdn.example.com/clips/dance.mp4';

let emulator: RunningEmulator;
let api: WeShopApi;
/** Picture URLs on the emulator: PNG then JPEG. */
let png: string;
let jpeg: string;

beforeEach(async () => {
  emulator = await startEmulator({ timings: { pendingMs: 20, segmentingMs: 20, runningMs: 40 } });
  api = createWeShopClient({
    apiBase: emulator.apiBase,
    getKey: async () => emulator.apiKey,
    sleep: async () => undefined,
    timeoutMs: 5000,
  });
  png = await api.uploadImage(FIXTURES.pngImage);
  jpeg = await api.uploadImage(FIXTURES.jpegImage);
});
afterEach(async () => {
  await emulator.close();
});

/** Starts `request` with these picture URLs and returns the run's body as the emulator got it. */
async function started(request: RenderRequestInput, imageUrls: string[], taskName = TASK_NAME) {
  const parsed = RenderRequest.parse(request);
  const run = await api.startRun(parsed, imageUrls, randomUUID(), { taskName });
  const created = emulator.createdRuns().find((r) => r.executionId === run.executionId);
  if (!created) throw new Error(`the emulator has no run ${run.executionId}`);
  return { created, credits: run.credits?.powerConsumption };
}

/** The exact bytes a body must have: JSON of these keys in this order, nothing else. */
const bytes = (body: unknown) => JSON.stringify(body);

describe('every agent, byte for byte on the emulator', () => {
  it('kling: first and end frame in params.images and input.images, the first as originalImage', async () => {
    const { created } = await started(
      {
        image: FIXTURES.pngImage,
        endFrame: FIXTURES.jpegImage,
        prompt: PROMPT,
        model: 'Kling_2_6',
        duration: '10s',
        batchCount: 2,
      },
      [png, jpeg],
    );
    expect(created.agent).toBe('kling');
    expect(created.body).toBe(
      bytes({
        agent: { name: 'kling', version: 'v1.0' },
        input: { images: [png, jpeg], originalImage: png, taskName: TASK_NAME },
        params: {
          images: [png, jpeg],
          textDescription: PROMPT,
          modelName: 'Kling_2_6',
          duration: '10s',
          generateAudio: 'false',
          batchCount: 2,
        },
      }),
    );
  });

  it('kling-v3-omni text-only in 9:16 with audio: no picture field at all, the aspect ratio sent', async () => {
    const { created } = await started(
      { agent: 'kling-v3-omni', prompt: PROMPT, aspectRatio: '9:16', generateAudio: true },
      [],
    );
    expect(created.agent).toBe('kling-v3-omni');
    expect(created.body).toBe(
      bytes({
        agent: { name: 'kling-v3-omni', version: 'v1.0' },
        input: { taskName: TASK_NAME },
        params: {
          textDescription: PROMPT,
          modelName: 'Kling_V3_Omni',
          duration: '5s',
          aspectRatio: '9:16',
          generateAudio: 'true',
          batchCount: 1,
        },
      }),
    );
  });

  it('kling-v3-omni with references and a reference video: the video in both places, no aspect ratio', async () => {
    const { created } = await started(
      {
        agent: 'kling-v3-omni',
        image: FIXTURES.jpegImage,
        moreImages: [FIXTURES.pngImage],
        referenceVideo: VIDEO,
        prompt: PROMPT,
        duration: '12s',
      },
      [jpeg, png],
    );
    expect(created.body).toBe(
      bytes({
        agent: { name: 'kling-v3-omni', version: 'v1.0' },
        input: { images: [jpeg, png], originalImage: jpeg, videos: [VIDEO], taskName: TASK_NAME },
        params: {
          images: [jpeg, png],
          videos: [VIDEO],
          textDescription: PROMPT,
          modelName: 'Kling_V3_Omni',
          duration: '12s',
          generateAudio: 'false',
          batchCount: 1,
        },
      }),
    );
  });

  it('kling-O1 reference mode: text-only in its default 9:16, no audio field', async () => {
    const { created } = await started({ agent: 'kling-O1', prompt: PROMPT, batchCount: 3 }, []);
    expect(created.agent).toBe('kling-O1');
    expect(created.body).toBe(
      bytes({
        agent: { name: 'kling-O1', version: 'v1.0' },
        input: { taskName: TASK_NAME },
        params: {
          textDescription: PROMPT,
          modelName: 'Kling_Video_O1_Ele',
          duration: '5s',
          aspectRatio: '9:16',
          batchCount: 3,
        },
      }),
    );
  });

  it('kling-O1 image to video: first and end frame, no aspect ratio, no video, no audio', async () => {
    const { created } = await started(
      {
        model: 'Kling_Video_O1_I2V',
        image: FIXTURES.pngImage,
        endFrame: FIXTURES.jpegImage,
        prompt: PROMPT,
        duration: '3s',
      },
      [png, jpeg],
    );
    expect(created.body).toBe(
      bytes({
        agent: { name: 'kling-O1', version: 'v1.0' },
        input: { images: [png, jpeg], originalImage: png, taskName: TASK_NAME },
        params: {
          images: [png, jpeg],
          textDescription: PROMPT,
          modelName: 'Kling_Video_O1_I2V',
          duration: '3s',
          batchCount: 1,
        },
      }),
    );
  });

  it('kling-motion-control: the character and the video, no prompt, model, duration or aspect', async () => {
    const taskName = runTaskName('', RENDER_ID);
    const { created } = await started(
      { agent: 'kling-motion-control', image: FIXTURES.pngImage, referenceVideo: VIDEO },
      [png],
      taskName,
    );
    expect(created.agent).toBe('kling-motion-control');
    expect(created.body).toBe(
      bytes({
        agent: { name: 'kling-motion-control', version: 'v1.0' },
        input: { images: [png], originalImage: png, videos: [VIDEO], taskName },
        params: { images: [png], videos: [VIDEO], batchCount: 1 },
      }),
    );
  });
});

describe('the estimate per agent is what the start charges', () => {
  it.each<[string, RenderRequestInput, 'png' | 'none' | 'both', number]>([
    [
      'kling Kling 3.0, end frame, 5s with audio',
      { image: FIXTURES.pngImage, endFrame: FIXTURES.jpegImage, generateAudio: true },
      'both',
      30,
    ],
    ['kling-v3-omni text-only 5s', { agent: 'kling-v3-omni' }, 'none', 30],
    [
      'kling-O1 references 5s × 2',
      { agent: 'kling-O1', image: FIXTURES.pngImage, batchCount: 2 },
      'png',
      40,
    ],
    [
      'kling-O1 image to video 3s',
      { model: 'Kling_Video_O1_I2V', image: FIXTURES.pngImage, duration: '3s' },
      'png',
      12,
    ],
    [
      'kling-motion-control × 4',
      {
        agent: 'kling-motion-control',
        image: FIXTURES.pngImage,
        referenceVideo: VIDEO,
        batchCount: 4,
      },
      'png',
      120,
    ],
  ])('%s', async (_, fields, pictures, price) => {
    const request = RenderRequest.parse({ prompt: PROMPT, ...fields });
    const urls = pictures === 'none' ? [] : pictures === 'png' ? [png] : [png, jpeg];
    const estimate = await api.estimatePower(request, urls);
    expect(estimate).toEqual({ totalPower: price, notEnough: false });
    const { credits } = await started(request, urls);
    expect(credits).toBe(price);
  });
});

describe('a WeShop that refuses end frames', () => {
  it('says the end frame was refused and what to do; nothing was created or charged', async () => {
    emulator.inject({ fault: { kind: 'last-frame-unsupported' } });
    const request = RenderRequest.parse({
      image: FIXTURES.pngImage,
      endFrame: FIXTURES.jpegImage,
      prompt: PROMPT,
    });
    const error = await api.startRun(request, [png, jpeg], randomUUID()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KlingError);
    expect(error).toMatchObject({ kind: 'invalid-input', status: 400 });
    expect((error as KlingError).message).toBe(
      'WeShop refused the end frame while starting the run: it does not take a last frame for this model now (WeShop said: "Last frame is not supported: params.images takes 1 image (the first frame); send the start without image 2"). Nothing was started and no credits were used. Remove the end frame or choose another model, then render again (Edit & retry in the app, without --end-frame in the CLI).',
    );
    expect(emulator.runCount()).toBe(0);
    // Without the end frame the same render starts.
    const firstOnly = RenderRequest.parse({ image: FIXTURES.pngImage, prompt: PROMPT });
    await expect(api.startRun(firstOnly, [png], randomUUID())).resolves.toMatchObject({
      executionId: expect.any(String),
    });
  });

  it("the estimate says why (WeShop's refusal), not just that there is none", async () => {
    emulator.inject({ fault: { kind: 'last-frame-unsupported' } });
    const request = RenderRequest.parse({
      image: FIXTURES.pngImage,
      endFrame: FIXTURES.jpegImage,
      prompt: PROMPT,
    });
    await expect(api.estimatePower(request, [png, jpeg])).rejects.toMatchObject({
      kind: 'invalid-input',
      message: expect.stringMatching(/^WeShop refused the end frame while estimating the cost/),
    });
    const estimator = createEstimator({
      api,
      uploadedUrlFor: async (path) => (path === FIXTURES.pngImage ? png : jpeg),
      latestBalance: async () => undefined,
      now: Date.now,
    });
    const estimate = await estimator.estimate(request);
    expect(estimate.credits).toBeNull();
    expect(describeEstimate(estimate)).toMatch(
      /^No cost estimate: WeShop refused this render: WeShop refused the end frame while estimating the cost: .*Remove the end frame or choose another model/,
    );
  });
});
