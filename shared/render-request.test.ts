import { describe, expect, it } from 'vitest';
import { MODEL_CATALOGUE, ModelName } from './models';
import { describeIssues, RenderRequest, requestImages } from './render-request';

const base = { image: '/home/me/cat.png', prompt: 'slow dolly-in' };
const CLIP = 'https://cdn.example.com/dance.mp4';
const messageOf = (input: unknown) => {
  const result = RenderRequest.safeParse(input);
  return result.success ? null : describeIssues(result.error);
};

describe('RenderRequest', () => {
  it('fills the documented defaults', () => {
    expect(RenderRequest.parse(base)).toEqual({
      ...base,
      agent: 'kling',
      model: 'Kling_3_0',
      duration: '5s',
      generateAudio: false,
      batchCount: 1,
    });
  });

  it('accepts every duration the catalogue lists, for every model', () => {
    for (const model of ModelName.options) {
      const video =
        MODEL_CATALOGUE[model].referenceVideo === 'required' ? { referenceVideo: CLIP } : {};
      for (const duration of MODEL_CATALOGUE[model].durations) {
        expect(messageOf({ ...base, ...video, model, duration })).toBeNull();
      }
    }
  });

  it('names the model and its allowed durations when a duration does not fit', () => {
    expect(messageOf({ ...base, model: 'Kling_2_1', duration: '7s' })).toBe(
      'duration: Kling_2_1 supports 5s or 10s, not 7s',
    );
    expect(messageOf({ ...base, model: 'Kling_3_0', duration: '16s' })).toContain('3s to 15s');
  });

  it('refuses audio on models without it and allows it where supported', () => {
    expect(messageOf({ ...base, model: 'Kling_2_5_Turbo', generateAudio: true })).toContain(
      'Kling_2_5_Turbo cannot generate audio',
    );
    expect(messageOf({ ...base, model: 'Kling_2_6', generateAudio: true })).toBeNull();
  });

  it.each([
    [{ ...base, image: 'http://example.com/a.png' }, 'https, not http'],
    [{ ...base, image: 'relative/a.png' }, 'must be absolute'],
    [{ ...base, image: 'ftp://example.com/a.png' }, 'must use https'],
    [{ ...base, prompt: '   ' }, 'prompt is required'],
    [{ ...base, prompt: 'x'.repeat(2501) }, 'at most 2500'],
    [{ ...base, model: 'Kling_9' }, 'model'],
    [{ ...base, batchCount: 0 }, 'Videos: at least 1'],
    [{ ...base, batchCount: 17 }, 'Videos: at most 16'],
    [{ ...base, batchCount: 1.5 }, 'whole number'],
    [{ ...base, batchCount: '3' }, 'whole number'],
    [{ ...base, extra: true }, 'Unrecognized key'],
  ])('rejects %j with a specific message', (input, expected) => {
    expect(messageOf(input)).toContain(expected);
  });

  it('accepts Windows paths and https URLs', () => {
    expect(messageOf({ ...base, image: 'C:\\Users\\me\\cat.png' })).toBeNull();
    expect(messageOf({ ...base, image: 'https://cdn.example.com/cat.png' })).toBeNull();
  });
});

describe('RenderRequest across the Kling family', () => {
  it('takes the agent from the model, and the model from the agent', () => {
    expect(RenderRequest.parse({ ...base, model: 'Kling_V3_Omni' })).toMatchObject({
      agent: 'kling-v3-omni',
      aspectRatio: '16:9',
    });
    expect(RenderRequest.parse({ ...base, agent: 'kling-O1' })).toMatchObject({
      model: 'Kling_Video_O1_Ele',
      aspectRatio: '9:16',
    });
    expect(messageOf({ ...base, agent: 'kling-v3-omni', model: 'Kling_2_6' })).toBe(
      'model: Kling_2_6 is not a model of kling-v3-omni (its models: Kling_V3_Omni)',
    );
  });

  it('sends an end frame on kling, and refuses it on 2.1 Master with the reason', () => {
    const withEnd = { ...base, endFrame: '/home/me/end.png' };
    expect(messageOf({ ...withEnd, model: 'Kling_2_6' })).toBeNull();
    expect(messageOf({ ...withEnd, model: 'Kling_2_1_Master' })).toBe(
      'endFrame: Kling 2.1 Master cannot end on a chosen frame: choose Kling 3.0, 2.6, 2.5 Turbo or 2.1 for an end frame',
    );
    expect(messageOf({ ...withEnd, model: 'Kling_V3_Omni' })).toContain(
      'Kling 3.0 Omni takes no end frame',
    );
    expect(requestImages(RenderRequest.parse({ ...withEnd, model: 'Kling_Video_O1_I2V' }))).toEqual(
      ['/home/me/cat.png', '/home/me/end.png'],
    );
  });

  it('allows Omni text-only and up to 4 references in order, never 5', () => {
    const textOnly = RenderRequest.parse({ prompt: 'a harbour at dawn', agent: 'kling-v3-omni' });
    expect(textOnly.image).toBeUndefined();
    expect(requestImages(textOnly)).toEqual([]);
    const refs = ['/a/1.png', '/a/2.png', '/a/3.png'];
    const four = RenderRequest.parse({ ...base, agent: 'kling-v3-omni', moreImages: refs });
    expect(requestImages(four)).toEqual(['/home/me/cat.png', ...refs]);
    // References given without picture 1 move up: the prompt's "image 1" is the first one.
    expect(RenderRequest.parse({ prompt: 'p', agent: 'kling-O1', moreImages: refs }).image).toBe(
      '/a/1.png',
    );
    expect(
      messageOf({ ...base, agent: 'kling-v3-omni', moreImages: [...refs, '/a/4.png'] }),
    ).toContain('At most 4 reference images');
    expect(messageOf({ prompt: 'p' })).toContain('Kling 3.0 needs a first-frame picture');
  });

  it('checks the reference video: where it is taken, required, and https', () => {
    expect(messageOf({ ...base, referenceVideo: CLIP })).toContain(
      'Kling 3.0 takes no reference video',
    );
    expect(messageOf({ ...base, agent: 'kling-motion-control' })).toContain(
      'Motion Control needs a reference video',
    );
    expect(
      messageOf({ ...base, agent: 'kling-motion-control', referenceVideo: CLIP, prompt: '' }),
    ).toBeNull();
    expect(
      messageOf({ ...base, agent: 'kling-v3-omni', referenceVideo: 'http://example.com/a.mp4' }),
    ).toContain('must use https');
    expect(
      messageOf({ ...base, agent: 'kling-v3-omni', referenceVideo: 'http://127.0.0.1:4010/a.mp4' }),
    ).toBeNull();
    expect(messageOf({ ...base, model: 'Kling_Video_O1_I2V', referenceVideo: CLIP })).toContain(
      'Kling O1 · First frame to video takes no reference video',
    );
  });

  it('checks the aspect ratio: only reference models, not with a video', () => {
    expect(messageOf({ ...base, aspectRatio: '9:16' })).toContain(
      'Kling 3.0 takes no aspect ratio',
    );
    expect(
      RenderRequest.parse({ prompt: 'p', agent: 'kling-v3-omni', aspectRatio: '9:16' }).aspectRatio,
    ).toBe('9:16');
    expect(
      messageOf({ ...base, agent: 'kling-v3-omni', aspectRatio: '1:1', referenceVideo: CLIP }),
    ).toContain("follows the reference video's aspect ratio");
    const withVideo = RenderRequest.parse({
      ...base,
      agent: 'kling-v3-omni',
      referenceVideo: CLIP,
    });
    expect(withVideo.aspectRatio).toBeUndefined();
  });

  it('refuses a duration, audio or second picture a model does not take', () => {
    expect(messageOf({ ...base, agent: 'kling-O1', duration: '12s' })).toContain(
      'Kling_Video_O1_Ele supports 3s to 10s, not 12s',
    );
    expect(messageOf({ ...base, agent: 'kling-O1', generateAudio: true })).toContain(
      'cannot generate audio',
    );
    expect(
      messageOf({ ...base, agent: 'kling-motion-control', referenceVideo: CLIP, duration: '10s' }),
    ).toContain('takes its length from the reference video');
    expect(messageOf({ ...base, moreImages: ['/a/2.png'] })).toContain(
      'Kling 3.0 takes one picture, not 2 (the end frame is its own field: --end-frame)',
    );
  });

  it('reads back what it wrote (render.json round trip) unchanged', () => {
    for (const input of [
      base,
      { prompt: 'p', agent: 'kling-v3-omni' as const },
      { ...base, agent: 'kling-motion-control' as const, referenceVideo: CLIP },
      { ...base, model: 'Kling_Video_O1_I2V' as const, endFrame: '/e.png' },
    ]) {
      const once = RenderRequest.parse(input);
      expect(RenderRequest.parse(JSON.parse(JSON.stringify(once)))).toEqual(once);
    }
  });
});
