import { describe, expect, it } from 'vitest';
import type { PowerFigure } from '../../shared/credits';
import { KlingError } from '../../shared/errors';
import { RenderRequest } from '../../shared/render-request';
import { createEstimator } from './estimator';

const request = (over: Record<string, unknown> = {}) =>
  RenderRequest.parse({ image: 'https://cdn.example.test/a.png', prompt: 'wave', ...over });

function setup(
  answer: (imageUrl: string) => PowerFigure | null = () => ({ totalPower: 20, notEnough: false }),
) {
  const asked: { imageUrl: string; model: string; duration: string }[] = [];
  const uploads: string[] = [];
  let now = 1_000;
  let balance: number | undefined = 500;
  const estimator = createEstimator({
    api: {
      async estimatePower(req, imageUrls) {
        const imageUrl = imageUrls[0] ?? '';
        asked.push({ imageUrl, model: req.model, duration: req.duration });
        return answer(imageUrl);
      },
    },
    uploadedUrlFor: async (path) => {
      uploads.push(path);
      if (path.includes('broken')) throw new Error('WeShop refused the upload');
      return path.includes('missing') ? null : `https://cdn.example.test/uploads${path}`;
    },
    latestBalance: async () => balance,
    now: () => now,
  });
  return {
    estimator,
    asked,
    uploads,
    advance: (ms: number) => {
      now += ms;
    },
    setBalance: (value: number | undefined) => {
      balance = value;
    },
  };
}

describe('estimator', () => {
  it('estimates an https image as it is, with the last balance', async () => {
    const { estimator, asked, uploads } = setup();
    expect(await estimator.estimate(request())).toEqual({
      credits: 20,
      balance: 500,
      enough: true,
    });
    expect(asked).toEqual([
      { imageUrl: 'https://cdn.example.test/a.png', model: 'Kling_3_0', duration: '5s' },
    ]);
    expect(uploads).toEqual([]);
  });

  it('estimates a local image through its uploaded URL, and says so when there is none', async () => {
    const { estimator, asked } = setup();
    expect(await estimator.estimate(request({ image: '/photos/cat.png' }))).toMatchObject({
      credits: 20,
    });
    expect(asked[0]?.imageUrl).toBe('https://cdn.example.test/uploads/photos/cat.png');
    const none = await estimator.estimate(request({ image: '/photos/missing.png' }));
    expect(none).toMatchObject({ credits: null, balance: 500 });
    expect(none.unavailable).toMatch(/not uploaded yet/);
    expect(await estimator.estimate(request({ image: '/photos/broken.png' }))).toEqual({
      credits: null,
      balance: 500,
      unavailable: 'the image could not be uploaded (WeShop refused the upload).',
    });
    expect(asked).toHaveLength(1);
  });

  it('asks once per request body while the answer is fresh, and again per new body or once stale', async () => {
    const { estimator, asked, advance } = setup();
    await Promise.all([estimator.estimate(request()), estimator.estimate(request())]);
    await estimator.estimate(request());
    expect(asked).toHaveLength(1);
    await estimator.estimate(request({ duration: '10s' }));
    await estimator.estimate(request({ model: 'Kling_2_1' }));
    expect(asked).toHaveLength(3);
    advance(5 * 60_000 + 1);
    await estimator.estimate(request());
    expect(asked).toHaveLength(4);
  });

  it('asks again sooner after no answer, and reads the balance fresh every time', async () => {
    let answers = 0;
    const { estimator, asked, advance, setBalance } = setup(() =>
      answers++ === 0 ? null : { totalPower: 900, notEnough: false },
    );
    expect(await estimator.estimate(request())).toMatchObject({ credits: null });
    advance(15_001);
    setBalance(100);
    expect(await estimator.estimate(request())).toEqual({
      credits: 900,
      balance: 100,
      enough: false,
    });
    expect(asked).toHaveLength(2);
  });

  it('says why when WeShop refuses the request, and asks again once a missing answer would be', async () => {
    let refuse = true;
    let asked = 0;
    let now = 1_000;
    const estimator = createEstimator({
      api: {
        async estimatePower() {
          asked++;
          if (refuse) {
            throw new KlingError('invalid-input', 'the last frame is not supported', {
              status: 400,
            });
          }
          return { totalPower: 20, notEnough: false };
        },
      },
      uploadedUrlFor: async () => null,
      latestBalance: async () => undefined,
      now: () => now,
    });
    expect(await estimator.estimate(request())).toEqual({
      credits: null,
      unavailable: 'WeShop refused this render: the last frame is not supported',
    });
    await estimator.estimate(request());
    expect(asked).toBe(1);
    refuse = false;
    now += 16_000;
    expect((await estimator.estimate(request())).credits).toBe(20);
    expect(asked).toBe(2);
  });
});
