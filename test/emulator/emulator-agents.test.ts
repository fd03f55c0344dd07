/**
 * The four Kling agents (issue 20), as docs/weshop-api.md describes them: what each one
 * accepts, and each refusal's exact message (the emulator is how the client's tests prove it
 * sends no field an agent does not take).
 */
import { describe, expect, it } from 'vitest';
import { emulatorPerTest } from './per-test';
import type { RunningEmulator } from './server';
import { type AnyStartBody, agentStartBody, apiFetch, startBody } from './testing';

const start = emulatorPerTest();

const IMG = ['1', '2', '3', '4', '5'].map((n) => `https://cdn.example.test/ref-${n}.jpg`);
const VIDEO = 'https://media.example.test/moves.mp4';
const PROMPT = { textDescription: 'she turns and smiles' };

type Body = AnyStartBody;

interface Execution {
  params: Record<string, unknown>;
}
interface Polled {
  data: { agentName: string; agentVersion: string; initParams: unknown; executions: Execution[] };
}

async function post(emu: RunningEmulator, body: unknown, path = '/agent/runs') {
  const response = await apiFetch(emu, path, { json: body });
  return {
    status: response.status,
    body: (await response.json()) as {
      data: { executionId: string; powerConsumption: number };
      error: { code: number; message: string; retryable: boolean };
    },
  };
}

/** Starts a body that must be accepted; returns the run's first execution params and its poll. */
async function accepted(emu: RunningEmulator, body: Body) {
  const started = await post(emu, body);
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  const id = started.body.data.executionId;
  const polled = (await (await apiFetch(emu, `/agent/runs/${id}`)).json()) as Polled;
  return { id, polled, params: polled.data.executions[0]?.params };
}

/** A body that must be refused with 400 code 40000 and exactly `message`, by start and estimate. */
async function expectRefused(emu: RunningEmulator, body: unknown, message: string) {
  for (const path of ['/agent/runs', '/agent/power-estimates']) {
    const answer = await post(emu, body, path);
    expect(answer.status, path).toBe(400);
    expect(answer.body.error, path).toEqual({ code: 40000, message, retryable: false });
  }
  expect(emu.runCount()).toBe(0);
  expect(emu.powerBalance()).toBe(1_000_000);
}

describe('kling: a first frame and an optional last frame', () => {
  it.each(['Kling_3_0', 'Kling_2_6', 'Kling_2_5_Turbo', 'Kling_2_1'])(
    'accepts a first and a last frame on %s',
    async (modelName) => {
      const emu = await start();
      const body = agentStartBody('kling', {
        images: IMG.slice(0, 2),
        params: { ...PROMPT, modelName, duration: '5s', batchCount: 1 },
      });
      const { params, polled } = await accepted(emu, body);
      expect(params).toMatchObject({ images: IMG.slice(0, 2), modelName });
      expect(polled.data.agentName).toBe('kling');
    },
  );

  it('refuses a last frame on Kling_2_1_Master, saying the model does not support it', async () => {
    const emu = await start();
    const body = agentStartBody('kling', {
      images: IMG.slice(0, 2),
      params: { ...PROMPT, modelName: 'Kling_2_1_Master' },
    });
    await expectRefused(
      emu,
      body,
      'the last frame (image 2) is not supported on Kling_2_1_Master: send 1 image, or use Kling_3_0, Kling_2_6, Kling_2_5_Turbo or Kling_2_1',
    );
  });

  it.each<[string, Body, string]>([
    [
      'three images',
      agentStartBody('kling', { images: IMG.slice(0, 3), params: PROMPT }),
      'params.images takes 1 or 2 image URLs (image 1 = first frame, image 2 = last frame) for Kling_3_0, got 3',
    ],
    [
      'no image',
      agentStartBody('kling', { params: PROMPT }),
      'params.images takes 1 or 2 image URLs (image 1 = first frame, image 2 = last frame) for Kling_3_0, got 0',
    ],
    [
      'a reference video',
      agentStartBody('kling', { images: IMG.slice(0, 1), video: VIDEO, params: PROMPT }),
      'params.videos is not a field of kling (it takes images, textDescription, modelName, duration, generateAudio and batchCount)',
    ],
    [
      'an aspect ratio',
      agentStartBody('kling', {
        images: IMG.slice(0, 1),
        params: { ...PROMPT, aspectRatio: '16:9' },
      }),
      'params.aspectRatio is not a field of kling (it takes images, textDescription, modelName, duration, generateAudio and batchCount)',
    ],
    [
      'an Omni model',
      agentStartBody('kling', {
        images: IMG.slice(0, 1),
        params: { ...PROMPT, modelName: 'Kling_V3_Omni' },
      }),
      'params.modelName "Kling_V3_Omni" is not a model of kling: use Kling_3_0, Kling_2_6, Kling_2_5_Turbo, Kling_2_1_Master or Kling_2_1',
    ],
  ])('refuses %s', async (_label, body, message) => {
    await expectRefused(await start(), body, message);
  });
});

describe('kling-v3-omni: text, up to 4 references, an optional reference video', () => {
  it('accepts text only and fills in the defaults (Kling_V3_Omni, 5s, 16:9, no audio)', async () => {
    const emu = await start();
    const { params, polled } = await accepted(
      emu,
      agentStartBody('kling-v3-omni', { params: PROMPT }),
    );
    expect(params).toEqual({
      images: [],
      ...PROMPT,
      modelName: 'Kling_V3_Omni',
      duration: '5s',
      aspectRatio: '16:9',
      generateAudio: 'false',
      batchCount: 1,
    });
    expect(polled.data).toMatchObject({ agentName: 'kling-v3-omni', agentVersion: 'v1.0' });
  });

  it('accepts 4 references, a reference video, 15s and audio; the aspect ratio is ignored with a video', async () => {
    const emu = await start();
    const body = agentStartBody('kling-v3-omni', {
      images: IMG.slice(0, 4),
      video: VIDEO,
      params: {
        ...PROMPT,
        modelName: 'Kling_V3_Omni',
        duration: '15s',
        aspectRatio: '9:16',
        generateAudio: 'true',
        batchCount: 2,
      },
    });
    const { params } = await accepted(emu, body);
    expect(params).toEqual({
      images: IMG.slice(0, 4),
      videos: [VIDEO],
      ...PROMPT,
      modelName: 'Kling_V3_Omni',
      duration: '15s',
      generateAudio: 'true',
      batchCount: 2,
    });
  });

  it.each<[string, Body, string]>([
    [
      'five references',
      agentStartBody('kling-v3-omni', { images: IMG, params: PROMPT }),
      'params.images takes 0 to 4 reference image URLs for Kling_V3_Omni, got 5',
    ],
    [
      'no prompt (text-only needs one too)',
      agentStartBody('kling-v3-omni', { images: IMG.slice(0, 1) }),
      'params.textDescription must be a non-empty string',
    ],
    [
      'duration 16s',
      agentStartBody('kling-v3-omni', { params: { ...PROMPT, duration: '16s' } }),
      'params.duration "16s" is not allowed for Kling_V3_Omni: use 3s to 15s in whole seconds',
    ],
    [
      'aspect ratio 4:3',
      agentStartBody('kling-v3-omni', { params: { ...PROMPT, aspectRatio: '4:3' } }),
      'params.aspectRatio "4:3" is not allowed for Kling_V3_Omni: use 16:9, 9:16 or 1:1',
    ],
    [
      'audio as a boolean',
      agentStartBody('kling-v3-omni', { params: { ...PROMPT, generateAudio: true } }),
      'params.generateAudio must be the string "true" or "false"',
    ],
    [
      'a kling model',
      agentStartBody('kling-v3-omni', { params: { ...PROMPT, modelName: 'Kling_3_0' } }),
      'params.modelName "Kling_3_0" is not a model of kling-v3-omni: use Kling_V3_Omni',
    ],
    [
      'two reference videos',
      {
        ...agentStartBody('kling-v3-omni', { params: { ...PROMPT, videos: [VIDEO, VIDEO] } }),
        input: { videos: [VIDEO, VIDEO] },
      },
      'params.videos must be a one-element array holding a hosted video URL (http or https)',
    ],
    [
      'a video path instead of a URL',
      agentStartBody('kling-v3-omni', { video: '/home/me/moves.mp4', params: PROMPT }),
      'params.videos must be a one-element array holding a hosted video URL (http or https)',
    ],
    [
      'the video in params only',
      agentStartBody('kling-v3-omni', { params: { ...PROMPT, videos: [VIDEO] } }),
      'input.videos and params.videos must be the same one-element array (send the reference video in both)',
    ],
    [
      'a different video in input',
      agentStartBody('kling-v3-omni', {
        video: VIDEO,
        params: PROMPT,
        input: { videos: ['https://media.example.test/other.mp4'] },
      }),
      'input.videos and params.videos must be the same one-element array (send the reference video in both)',
    ],
    [
      'input.originalImage with no picture',
      agentStartBody('kling-v3-omni', { params: PROMPT, input: { originalImage: IMG[0] } }),
      'input.originalImage is given but params.images is empty: send the picture in params.images too, or leave input.originalImage out',
    ],
  ])('refuses %s', async (_label, body, message) => {
    await expectRefused(await start(), body, message);
  });
});

describe('kling-O1: reference mode (Ele) and image to video (I2V)', () => {
  it('accepts text only in reference mode, the default (5s, 9:16, no audio parameter)', async () => {
    const emu = await start();
    const { params, polled } = await accepted(emu, agentStartBody('kling-O1', { params: PROMPT }));
    expect(params).toEqual({
      images: [],
      ...PROMPT,
      modelName: 'Kling_Video_O1_Ele',
      duration: '5s',
      aspectRatio: '9:16',
      batchCount: 1,
    });
    expect(polled.data.agentName).toBe('kling-O1');
  });

  it('accepts 4 references and a reference video in reference mode, 3s to 10s', async () => {
    const emu = await start();
    for (const duration of ['3s', '10s']) {
      const body = agentStartBody('kling-O1', {
        images: IMG.slice(0, 4),
        video: VIDEO,
        params: { ...PROMPT, modelName: 'Kling_Video_O1_Ele', duration, aspectRatio: '1:1' },
      });
      const { params } = await accepted(emu, body);
      expect(params).toMatchObject({ images: IMG.slice(0, 4), videos: [VIDEO], duration });
    }
  });

  it.each([1, 2])(
    'accepts %i image(s) on Kling_Video_O1_I2V (first frame, last frame)',
    async (n) => {
      const emu = await start();
      const body = agentStartBody('kling-O1', {
        images: IMG.slice(0, n),
        params: { ...PROMPT, modelName: 'Kling_Video_O1_I2V', duration: '8s' },
      });
      const { params } = await accepted(emu, body);
      expect(params).toMatchObject({ images: IMG.slice(0, n), modelName: 'Kling_Video_O1_I2V' });
    },
  );

  it.each<[string, Body, string]>([
    [
      'no image on I2V',
      agentStartBody('kling-O1', { params: { ...PROMPT, modelName: 'Kling_Video_O1_I2V' } }),
      'params.images takes 1 or 2 image URLs (image 1 = first frame, image 2 = last frame) for Kling_Video_O1_I2V, got 0',
    ],
    [
      'three images on I2V',
      agentStartBody('kling-O1', {
        images: IMG.slice(0, 3),
        params: { ...PROMPT, modelName: 'Kling_Video_O1_I2V' },
      }),
      'params.images takes 1 or 2 image URLs (image 1 = first frame, image 2 = last frame) for Kling_Video_O1_I2V, got 3',
    ],
    [
      'a reference video on I2V',
      agentStartBody('kling-O1', {
        images: IMG.slice(0, 1),
        video: VIDEO,
        params: { ...PROMPT, modelName: 'Kling_Video_O1_I2V' },
      }),
      'Kling_Video_O1_I2V does not take a reference video (params.videos): use Kling_Video_O1_Ele for one',
    ],
    [
      'five references',
      agentStartBody('kling-O1', { images: IMG, params: PROMPT }),
      'params.images takes 0 to 4 reference image URLs for Kling_Video_O1_Ele, got 5',
    ],
    [
      'an audio parameter (even "false")',
      agentStartBody('kling-O1', { params: { ...PROMPT, generateAudio: 'false' } }),
      'params.generateAudio is not a field of kling-O1 (it takes images, videos, textDescription, modelName, duration, aspectRatio and batchCount)',
    ],
    [
      'duration 11s',
      agentStartBody('kling-O1', { params: { ...PROMPT, duration: '11s' } }),
      'params.duration "11s" is not allowed for Kling_Video_O1_Ele: use 3s to 10s in whole seconds',
    ],
    [
      'no prompt',
      agentStartBody('kling-O1', { images: IMG.slice(0, 1) }),
      'params.textDescription must be a non-empty string',
    ],
  ])('refuses %s', async (_label, body, message) => {
    await expectRefused(await start(), body, message);
  });
});

describe('kling-motion-control: one character image and a required reference video', () => {
  it('accepts a character and a video, with or without a prompt, and sends no model, duration or aspect', async () => {
    const emu = await start();
    const bare = await accepted(
      emu,
      agentStartBody('kling-motion-control', { images: IMG.slice(0, 1), video: VIDEO }),
    );
    expect(bare.params).toEqual({ images: IMG.slice(0, 1), videos: [VIDEO], batchCount: 1 });
    expect(bare.polled.data.agentName).toBe('kling-motion-control');
    const prompted = await accepted(
      emu,
      agentStartBody('kling-motion-control', {
        images: IMG.slice(0, 1),
        video: VIDEO,
        params: { textDescription: 'neon city at night', batchCount: 3 },
      }),
    );
    expect(prompted.params).toEqual({
      images: IMG.slice(0, 1),
      videos: [VIDEO],
      textDescription: 'neon city at night',
      batchCount: 3,
    });
  });

  const TAKES = '(it takes images, videos, textDescription and batchCount)';
  const motion = (params: Record<string, unknown>, images = IMG.slice(0, 1), video = VIDEO) =>
    agentStartBody('kling-motion-control', { images, video, params });

  it.each<[string, Body, string]>([
    [
      'a modelName',
      motion({ modelName: 'Kling_3_0' }),
      `params.modelName is not a field of kling-motion-control ${TAKES}`,
    ],
    [
      'a duration',
      motion({ duration: '5s' }),
      `params.duration is not a field of kling-motion-control ${TAKES}`,
    ],
    [
      'an aspect ratio',
      motion({ aspectRatio: '9:16' }),
      `params.aspectRatio is not a field of kling-motion-control ${TAKES}`,
    ],
    [
      'an audio parameter',
      motion({ generateAudio: 'false' }),
      `params.generateAudio is not a field of kling-motion-control ${TAKES}`,
    ],
    [
      'no reference video',
      agentStartBody('kling-motion-control', { images: IMG.slice(0, 1) }),
      'kling-motion-control needs a reference video: params.videos and input.videos, each a one-element array with a hosted video URL',
    ],
    [
      'two images',
      motion({}, IMG.slice(0, 2)),
      'params.images takes exactly 1 image URL (the character) for kling-motion-control, got 2',
    ],
    [
      'no image',
      motion({}, []),
      'params.images takes exactly 1 image URL (the character) for kling-motion-control, got 0',
    ],
    [
      'an empty prompt',
      motion({ textDescription: ' ' }),
      'params.textDescription, when sent, must be a non-empty string (leave it out for none)',
    ],
    [
      'batchCount 17',
      motion({ batchCount: 17 }),
      'params.batchCount must be between 1 and 16, got 17',
    ],
  ])('refuses %s', async (_label, body, message) => {
    await expectRefused(await start(), body, message);
  });
});

describe('every agent', () => {
  const SAMPLES: Record<string, Body> = {
    kling: agentStartBody('kling', { images: IMG.slice(0, 1), params: PROMPT }),
    'kling-v3-omni': agentStartBody('kling-v3-omni', { params: PROMPT }),
    'kling-O1': agentStartBody('kling-O1', { params: PROMPT }),
    'kling-motion-control': agentStartBody('kling-motion-control', {
      images: IMG.slice(0, 1),
      video: VIDEO,
    }),
  };

  it.each(Object.entries(SAMPLES))(
    '%s: batchCount 1 to 16, and a task name polled back',
    async (_agent, body) => {
      const emu = await start();
      for (const batchCount of [1, 16]) {
        const taskName = `Kling Studio · batch ${batchCount}`;
        const { params } = await accepted(emu, {
          ...body,
          input: { ...body.input, taskName },
          params: { ...body.params, batchCount },
        });
        expect(params?.batchCount).toBe(batchCount);
      }
      for (const batchCount of [0, 17, 2.5, '2']) {
        const answer = await post(emu, { ...body, params: { ...body.params, batchCount } });
        expect(answer.status).toBe(400);
        expect(answer.body.error.message).toMatch(/^params\.batchCount must be/);
      }
    },
  );

  it.each<[string, unknown, string]>([
    [
      'an unknown agent',
      { ...SAMPLES.kling, agent: { name: 'kling-v9', version: 'v1.0' } },
      'agent.name "kling-v9" is not an agent: use kling, kling-v3-omni, kling-O1 or kling-motion-control',
    ],
    [
      'an unknown version',
      { ...SAMPLES['kling-O1'], agent: { name: 'kling-O1', version: 'v2.0' } },
      'agent.version "v2.0" is not a version of kling-O1: use v1.0',
    ],
    [
      'no agent',
      { input: {}, params: PROMPT },
      'agent must be {"name":…,"version":"v1.0"} with name kling, kling-v3-omni, kling-O1 or kling-motion-control',
    ],
    [
      'an extra agent field',
      { ...SAMPLES.kling, agent: { name: 'kling', version: 'v1.0', mode: 'pro' } },
      'agent.mode is not a field of agent (it takes name and version)',
    ],
    [
      "the official client's undocumented safeGenerate",
      { ...SAMPLES['kling-v3-omni'], safeGenerate: 'on' },
      'safeGenerate is not a field of a start body (it takes agent, input, params and callbackUrl)',
    ],
    [
      'a params field no agent takes',
      { ...SAMPLES['kling-v3-omni'], params: { ...PROMPT, negativePrompt: 'blur' } },
      'params.negativePrompt is not a field of kling-v3-omni (it takes images, videos, textDescription, modelName, duration, aspectRatio, generateAudio and batchCount)',
    ],
    [
      'an input field no agent takes',
      {
        ...SAMPLES['kling-motion-control'],
        input: { ...SAMPLES['kling-motion-control']?.input, mask: 'x' },
      },
      "input.mask is not a field of kling-motion-control's input (it takes images, originalImage, videos and taskName)",
    ],
    [
      'input.originalImage that is not the first picture',
      { ...SAMPLES.kling, input: { images: IMG.slice(0, 1), originalImage: IMG[1] } },
      'input.originalImage must be params.images[0] (the first picture)',
    ],
    [
      'input.images that differ from params.images',
      agentStartBody('kling-O1', {
        images: IMG.slice(0, 2),
        params: PROMPT,
        input: { images: [IMG[1], IMG[0]] },
      }),
      'input.images must list the same URLs as params.images, in the same order',
    ],
  ])('refuses %s, naming it', async (_label, body, message) => {
    await expectRefused(await start(), body, message);
  });

  it('keeps what each run was started with: the agent, the raw body byte for byte, the accepted params', async () => {
    const emu = await start();
    const texts = Object.values(SAMPLES).map((body) => JSON.stringify(body, null, 1));
    for (const text of texts) {
      const response = await apiFetch(emu, '/agent/runs', {
        method: 'POST',
        body: text,
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(200);
    }
    const runs = emu.createdRuns();
    expect(runs.map((run) => run.agent)).toEqual(Object.keys(SAMPLES));
    expect(runs.map((run) => run.body)).toEqual(texts);
    expect(runs[3]).toMatchObject({
      input: SAMPLES['kling-motion-control']?.input,
      params: { images: IMG.slice(0, 1), videos: [VIDEO], batchCount: 1 },
      batchCount: 1,
    });
    // The old fields stay: a kling start reads as it always did.
    const kling = await accepted(emu, startBody(IMG[0] as string) as Body);
    expect(emu.createdRuns().at(-1)).toMatchObject({ executionId: kling.id, agent: 'kling' });
  });
});
