import { describe, expect, it } from 'vitest';
import { LibraryQuery, type RenderManifest } from '../../shared/job';
import { queryRenders } from './query';

const render = (id: string, createdAt: string, credits?: number): RenderManifest =>
  ({
    schemaVersion: 1,
    id,
    createdAt,
    updatedAt: createdAt,
    request: {
      image: '/a.png',
      prompt: id,
      agent: 'kling',
      model: 'Kling_3_0',
      duration: '5s',
      generateAudio: false,
      batchCount: 1,
    },
    idempotencyKey: '5d3b1c7a-1e2f-4a5b-8c9d-0e1f2a3b4c5d',
    state: 'done',
    history: [],
    videos: [],
    favourite: false,
    ...(credits === undefined ? {} : { credits: { powerConsumption: credits } }),
  }) as RenderManifest;

const all = [
  render('cheap1', '2026-11-01T10:00:00.000Z', 10),
  render('dear11', '2026-11-02T10:00:00.000Z', 90),
  render('nocost', '2026-11-03T10:00:00.000Z'),
  render('mid111', '2026-11-04T10:00:00.000Z', 40),
  render('cheap2', '2026-11-05T10:00:00.000Z', 10),
];
const ids = (input: Parameters<typeof LibraryQuery.parse>[0]) =>
  queryRenders(all, LibraryQuery.parse(input)).items.map((m) => m.id);

describe('library query by cost', () => {
  it('sorts dearest or cheapest first, ties newest first, unknown cost last either way', () => {
    expect(ids({ sort: 'cost-high' })).toEqual(['dear11', 'mid111', 'cheap2', 'cheap1', 'nocost']);
    expect(ids({ sort: 'cost-low' })).toEqual(['cheap2', 'cheap1', 'mid111', 'dear11', 'nocost']);
  });

  it('filters by an inclusive credit range; an unknown cost never matches one', () => {
    expect(ids({ maxCredits: 40 })).toEqual(['cheap2', 'mid111', 'cheap1']);
    expect(ids({ minCredits: 40, maxCredits: 90 })).toEqual(['mid111', 'dear11']);
    expect(ids({ minCredits: 0 })).not.toContain('nocost');
    expect(ids({})).toContain('nocost');
  });
});
