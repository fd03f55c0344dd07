import { describe, expect, it } from 'vitest';
import { LibraryQuery, type RenderManifest } from '../../shared/job';
import { agentOf, type ModelName } from '../../shared/models';
import { queryRenders, recentPromptsOf } from './query';

const render = (
  id: string,
  createdAt: string,
  credits?: number,
  model: ModelName = 'Kling_3_0',
): RenderManifest =>
  ({
    schemaVersion: 1,
    id,
    createdAt,
    updatedAt: createdAt,
    request: {
      image: '/a.png',
      prompt: id,
      agent: agentOf(model),
      model,
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

describe('library query by agent and model', () => {
  const family = [
    render('kling30', '2026-11-01T10:00:00.000Z', 10, 'Kling_3_0'),
    render('omni111', '2026-11-02T10:00:00.000Z', 20, 'Kling_V3_Omni'),
    render('o1refs1', '2026-11-03T10:00:00.000Z', 30, 'Kling_Video_O1_Ele'),
    render('o1i2v11', '2026-11-04T10:00:00.000Z', 40, 'Kling_Video_O1_I2V'),
    render('motion1', '2026-11-05T10:00:00.000Z', 50, 'Kling_Motion_Control'),
  ];
  const of = (input: Parameters<typeof LibraryQuery.parse>[0]) =>
    queryRenders(family, LibraryQuery.parse(input)).items.map((m) => m.id);

  it('keeps only the renders of one agent, every model of it, in the sort asked for', () => {
    expect(of({ agent: 'kling-O1' })).toEqual(['o1i2v11', 'o1refs1']);
    expect(of({ agent: 'kling-O1', sort: 'cost-low' })).toEqual(['o1refs1', 'o1i2v11']);
    expect(of({ agent: 'kling-motion-control' })).toEqual(['motion1']);
    expect(of({ agent: 'kling-O1', model: 'Kling_Video_O1_I2V' })).toEqual(['o1i2v11']);
    expect(of({ agent: 'kling', model: 'Kling_V3_Omni' })).toEqual([]);
  });

  it('finds an index entry written before agents existed (no request.agent) by its model', () => {
    const old = render('old1111', '2025-01-01T10:00:00.000Z', 5, 'Kling_2_6');
    delete (old.request as { agent?: string }).agent;
    expect(queryRenders([old], LibraryQuery.parse({ agent: 'kling' })).total).toBe(1);
    expect(queryRenders([old], LibraryQuery.parse({ agent: 'kling-O1' })).total).toBe(0);
  });

  it('sorts by agent and model in the catalogue order, newest first within one model', () => {
    const later = render('kling31', '2026-11-09T10:00:00.000Z', 10, 'Kling_3_0');
    const old26 = render('kling26', '2026-10-01T10:00:00.000Z', 10, 'Kling_2_6');
    const sorted = queryRenders([...family, later, old26], LibraryQuery.parse({ sort: 'model' }));
    expect(sorted.items.map((m) => m.id)).toEqual([
      'kling31',
      'kling30',
      'kling26',
      'omni111',
      'o1refs1',
      'o1i2v11',
      'motion1',
    ]);
  });

  it('refuses an agent that does not exist', () => {
    expect(LibraryQuery.safeParse({ agent: 'kling-v9' }).success).toBe(false);
  });
});

describe('library query for pages of the app (sets, the queue, a pending delete)', () => {
  const q = (input: object) => queryRenders(all, LibraryQuery.parse(input));
  const ids = (input: object) => q(input).items.map((m) => m.id);
  const inSet = (m: RenderManifest, setId: string) => ({ ...m, setId }) as RenderManifest;
  const setA = 'set-aaaaaa-111111';
  const withSets = [
    inSet(all[0] as RenderManifest, setA),
    inSet(all[3] as RenderManifest, setA),
    ...all.slice(1, 3),
  ];

  it('keeps one set, or only renders in a set', () => {
    expect(
      queryRenders(withSets, LibraryQuery.parse({ setId: setA })).items.map((m) => m.id),
    ).toEqual(['mid111', 'cheap1']);
    expect(queryRenders(withSets, LibraryQuery.parse({ inSet: true })).total).toBe(2);
  });

  it('keeps any of several states', () => {
    const queued = { ...all[1], state: 'queued' } as RenderManifest;
    const result = queryRenders(
      [...all.slice(2), queued],
      LibraryQuery.parse({ states: ['queued', 'failed'] }),
    );
    expect(result.items.map((m) => m.id)).toEqual(['dear11']);
  });

  it('leaves excluded ids out of the page and the total', () => {
    expect(ids({ excludeIds: ['cheap2'], limit: 2 })).toEqual(['mid111', 'nocost']);
    expect(q({ excludeIds: ['cheap2'] }).total).toBe(4);
  });
});

describe('recent prompts', () => {
  it('leaves out a render made without a prompt (Motion Control)', () => {
    const silent = render('silent1', '2026-11-06T10:00:00.000Z', 5, 'Kling_Motion_Control');
    (silent.request as { prompt: string }).prompt = '';
    expect(recentPromptsOf([...all, silent], 3)).toEqual(['cheap2', 'mid111', 'nocost']);
  });
});
