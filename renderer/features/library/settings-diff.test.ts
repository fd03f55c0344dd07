import { describe, expect, it } from 'vitest';
import { makeRender } from '../../testing/fixtures';
import { compareSettings } from './settings-diff';

const differing = (rows: ReturnType<typeof compareSettings>) =>
  rows.filter((row) => row.differs).map((row) => row.label);
const same = { image: '/home/me/Pictures/cat.png', prompt: 'The cat turns its head' };

describe('compareSettings', () => {
  it('marks exactly the settings that differ', () => {
    const a = makeRender(1, { request: same });
    const b = makeRender(2, {
      request: { ...same, prompt: 'Another motion', duration: '10s', generateAudio: true },
    });
    const rows = compareSettings([a, b]);
    expect(differing(rows)).toEqual(['Prompt', 'Duration', 'Audio']);
    expect(rows.find((row) => row.label === 'Prompt')?.values).toEqual([
      'The cat turns its head',
      'Another motion',
    ]);
  });

  it('finds nothing different between renders of the same request', () => {
    expect(
      differing(
        compareSettings([makeRender(1, { request: same }), makeRender(2, { request: same })]),
      ),
    ).toEqual([]);
  });

  it('a different source image, model or cost is marked; works for more than two renders', () => {
    const a = makeRender(1, { request: same, credits: { powerConsumption: 10 } });
    const b = makeRender(2, { request: same, credits: { powerConsumption: 10 } });
    const c = makeRender(3, {
      request: { ...same, model: 'Kling_2_6', image: '/home/me/dog.png' },
      credits: { powerConsumption: 20 },
    });
    expect(differing(compareSettings([a, b]))).toEqual([]);
    expect(differing(compareSettings([a, b, c]))).toEqual(['Model', 'Image', 'Credits used']);
  });

  it('compares across agents: agent, model, aspect ratio, end frame, references and video', () => {
    const prompt = 'A paper boat drifts down a rainy street';
    const kling = makeRender(1, {
      request: { prompt, image: '/p/first.png', endFrame: '/p/last.png', model: 'Kling_3_0' },
    });
    const omni = makeRender(2, {
      request: {
        prompt,
        agent: 'kling-v3-omni',
        model: 'Kling_V3_Omni',
        image: '/p/first.png',
        moreImages: ['/p/boat.png'],
        referenceVideo: 'https://cdn.example/rain.mp4',
      },
    });
    const rows = compareSettings([kling, omni]);
    expect(differing(rows)).toEqual([
      'Agent',
      'Model',
      'More images',
      'End frame',
      'Reference video',
    ]);
    const row = (label: string) => rows.find((r) => r.label === label)?.values;
    expect(row('Agent')).toEqual(['Kling', 'Kling 3.0 Omni']);
    expect(row('End frame')).toEqual(['/p/last.png', '—']);
    expect(row('Reference video')).toEqual(['—', 'https://cdn.example/rain.mp4']);

    const text = makeRender(3, {
      request: { prompt, model: 'Kling_V3_Omni', image: undefined, aspectRatio: '9:16' },
    });
    const withText = compareSettings([omni, text]);
    expect(withText.find((r) => r.label === 'Aspect ratio')?.values).toEqual(['—', '9:16']);
    expect(withText.find((r) => r.label === 'Image')?.values).toEqual([
      '/p/first.png',
      'None (text only)',
    ]);
  });
});
