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
});
