import { describe, expect, it } from 'vitest';
import { checkVariations, crossProduct, SET_MAX_RENDERS } from './variations';

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
    ).toEqual({
      ok: false,
      message:
        'duration: Kling_2_1 supports 5s or 10s, not 7s; generateAudio: Kling_2_1 cannot generate audio (only Kling_3_0, Kling_2_6 and Kling_V3_Omni can)',
    });
  });

  it('refuses empty axes, repeats and oversized sets', () => {
    expect(checkVariations({ image, prompts: [], models: [], durations: [] })).toEqual({
      ok: false,
      message: 'Give at least one prompt; Give at least one model',
    });
    expect(
      checkVariations({ image, prompts: ['A', 'A'], models: ['Kling_3_0'], durations: [] }),
    ).toEqual({ ok: false, message: 'The set repeats a prompt; give each once' });
    const prompts = Array.from({ length: SET_MAX_RENDERS + 1 }, (_, i) => `p${i}`);
    const big = checkVariations({ image, prompts, models: ['Kling_3_0'], durations: [] });
    expect(big).toEqual({
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
    expect(check).toEqual({ ok: false, message: 'image: Image URLs must use https, not http' });
  });
});
