import { describe, expect, it } from 'vitest';
import { MODEL_CATALOGUE, ModelName } from './models';
import { describeIssues, RenderRequest } from './render-request';

const base = { image: '/home/me/cat.png', prompt: 'slow dolly-in' };
const messageOf = (input: unknown) => {
  const result = RenderRequest.safeParse(input);
  return result.success ? null : describeIssues(result.error);
};

describe('RenderRequest', () => {
  it('fills the documented defaults', () => {
    expect(RenderRequest.parse(base)).toEqual({
      ...base,
      model: 'Kling_3_0',
      duration: '5s',
      generateAudio: false,
      batchCount: 1,
    });
  });

  it('accepts every duration the catalogue lists, for every model', () => {
    for (const model of ModelName.options) {
      for (const duration of MODEL_CATALOGUE[model].durations) {
        expect(RenderRequest.safeParse({ ...base, model, duration }).success).toBe(true);
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
