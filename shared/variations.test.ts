import { describe, expect, it } from 'vitest';
import { checkVariations, crossProduct, SET_MAX_RENDERS, SetRequest } from './variations';

const image = '/home/me/cat.png';

describe('crossProduct', () => {
  it('makes every prompt × model × duration, prompt-major', () => {
    const requests = crossProduct({
      image,
      prompts: ['A', 'B'],
      models: ['Kling_3_0', 'Kling_2_6'],
      durations: ['5s', '10s'],
    });
    expect(requests.map((r) => `${r.prompt}/${r.model}/${r.duration}`)).toEqual([
      'A/Kling_3_0/5s',
      'A/Kling_3_0/10s',
      'A/Kling_2_6/5s',
      'A/Kling_2_6/10s',
      'B/Kling_3_0/5s',
      'B/Kling_3_0/10s',
      'B/Kling_2_6/5s',
      'B/Kling_2_6/10s',
    ]);
    expect(requests.every((r) => r.image === image)).toBe(true);
  });

  it("uses each model's default duration when none is given, and shares audio and batch", () => {
    expect(
      crossProduct({
        image,
        prompts: ['A'],
        models: ['Kling_3_0', 'Kling_2_1'],
        durations: [],
        generateAudio: false,
        batchCount: 2,
      }),
    ).toEqual([
      {
        image,
        prompt: 'A',
        model: 'Kling_3_0',
        duration: '5s',
        generateAudio: false,
        batchCount: 2,
      },
      {
        image,
        prompt: 'A',
        model: 'Kling_2_1',
        duration: '5s',
        generateAudio: false,
        batchCount: 2,
      },
    ]);
  });
});

describe('the shared inputs of the Kling family', () => {
  it('gives every combination the end frame, references, video and aspect ratio', () => {
    expect(
      crossProduct({
        image,
        moreImages: ['/home/me/hat.png'],
        referenceVideo: 'https://cdn.example.com/walk.mp4',
        prompts: ['image 1 wears image 2'],
        models: ['Kling_V3_Omni', 'Kling_Video_O1_Ele'],
        durations: [],
      }),
    ).toEqual(
      ['Kling_V3_Omni', 'Kling_Video_O1_Ele'].map((model) => ({
        image,
        moreImages: ['/home/me/hat.png'],
        referenceVideo: 'https://cdn.example.com/walk.mp4',
        prompt: 'image 1 wears image 2',
        model,
        duration: '5s',
      })),
    );
    const [request] = crossProduct({
      image,
      endFrame: '/home/me/end.png',
      aspectRatio: '1:1',
      prompts: ['A'],
      models: ['Kling_3_0'],
      durations: [],
    });
    expect(request).toMatchObject({ endFrame: '/home/me/end.png', aspectRatio: '1:1' });
  });

  it('reads a blank picture or video as none: a text-only set where the models allow it', () => {
    const check = checkVariations({
      image: ' ',
      endFrame: '',
      referenceVideo: '',
      prompts: ['A'],
      models: ['Kling_V3_Omni'],
      durations: [],
    });
    expect(check.ok && check.requests[0]).toMatchObject({ agent: 'kling-v3-omni', prompt: 'A' });
    expect(check.ok && 'image' in (check.requests[0] ?? {})).toBe(false);
    // kling needs its first frame, and says so once for the whole set.
    expect(
      checkVariations({
        prompts: ['A', 'B'],
        models: ['Kling_3_0', 'Kling_V3_Omni'],
        durations: [],
      }),
    ).toMatchObject({
      ok: false,
      message: 'image: Choose an image: Kling 3.0 needs a first-frame picture',
    });
  });

  it('refuses an aspect ratio the first-frame models of the set cannot take, naming them', () => {
    expect(
      checkVariations({
        image,
        aspectRatio: '9:16',
        prompts: ['A'],
        models: ['Kling_V3_Omni', 'Kling_2_6'],
        durations: [],
      }),
    ).toMatchObject({
      ok: false,
      message:
        'aspectRatio: Kling 2.6 takes no aspect ratio (its picture sets the frame); only Kling 3.0 Omni and Kling O1 with references do',
    });
  });

  it('SetRequest takes the new inputs over IPC and refuses unknown ones', () => {
    const asked = {
      image,
      endFrame: '/home/me/end.png',
      moreImages: [],
      referenceVideo: 'https://cdn.example.com/a.mp4',
      aspectRatio: '16:9',
      prompts: ['A'],
      models: ['Kling_3_0'],
      durations: [],
    };
    expect(SetRequest.parse(asked)).toEqual(asked);
    expect(SetRequest.safeParse({ ...asked, lastFrame: '/x.png' }).success).toBe(false);
    expect(SetRequest.safeParse({ ...asked, moreImages: ['/a', '/b', '/c', '/d'] }).success).toBe(
      false,
    );
  });
});

describe('checkVariations', () => {
  it('returns validated requests (defaults filled) when every combination is valid', () => {
    const check = checkVariations({
      image,
      prompts: ['A', 'B'],
      models: ['Kling_3_0', 'Kling_2_6'],
      durations: [],
    });
    expect(check.ok).toBe(true);
    if (check.ok) {
      expect(check.requests).toHaveLength(4);
      expect(check.requests[0]).toEqual({
        image,
        prompt: 'A',
        agent: 'kling',
        model: 'Kling_3_0',
        duration: '5s',
        generateAudio: false,
        batchCount: 1,
      });
    }
  });

  it('refuses the whole set when one combination is invalid, naming each problem once', () => {
    expect(
      checkVariations({
        image,
        prompts: ['A', 'B'],
        models: ['Kling_3_0', 'Kling_2_1'],
        durations: ['7s'],
        generateAudio: true,
      }),
    ).toMatchObject({
      ok: false,
      message:
        'duration: Kling_2_1 supports 5s or 10s, not 7s; generateAudio: Kling_2_1 cannot generate audio (only Kling_3_0, Kling_2_6 and Kling_V3_Omni can)',
    });
  });

  it('refuses empty axes, repeats and oversized sets', () => {
    expect(checkVariations({ image, prompts: [], models: [], durations: [] })).toMatchObject({
      ok: false,
      message: 'Give at least one prompt; Give at least one model',
    });
    expect(
      checkVariations({ image, prompts: ['A', 'A'], models: ['Kling_3_0'], durations: [] }),
    ).toMatchObject({ ok: false, message: 'The set repeats a prompt: give each prompt once' });
    const prompts = Array.from({ length: SET_MAX_RENDERS + 1 }, (_, i) => `p${i}`);
    const big = checkVariations({ image, prompts, models: ['Kling_3_0'], durations: [] });
    expect(big).toMatchObject({
      ok: false,
      message: `That set is ${SET_MAX_RENDERS + 1} renders; at most ${SET_MAX_RENDERS} can be queued in one set`,
    });
  });

  it('reports a bad image once, not once per combination', () => {
    const check = checkVariations({
      image: 'http://example.com/a.png',
      prompts: ['A', 'B'],
      models: ['Kling_3_0'],
      durations: [],
    });
    expect(check).toMatchObject({
      ok: false,
      message: 'image: Image URLs must use https, not http',
    });
  });
});
