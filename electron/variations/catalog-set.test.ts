import { describe, expect, it } from 'vitest';
import { CatalogRequest, type CatalogRequestInput } from '../../shared/catalog-set';
import { coreSaid } from '../../shared/core-messages';
import type { BudgetCap } from '../../shared/credits';
import { KlingError } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import type { RenderRequest } from '../../shared/render-request';
import type { CreateRenderOptions } from '../library/library';
import { type CatalogDeps, CatalogOverBudget, checkCatalog, queueCatalog } from './catalog-set';

/** Fakes: "broken" pictures fail their checks; "copy-of-X" has X's bytes; 20 credits a render. */
function recorder(caps: BudgetCap[] = [], perRender: number | null = 20) {
  const calls: string[] = [];
  const queued: { request: RenderRequest; options: CreateRenderOptions }[] = [];
  const deps: CatalogDeps = {
    checkImage: async (path) => {
      calls.push(`check ${path}`);
      if (path.includes('broken')) throw new KlingError('invalid-input', `${path}: damaged`);
      if (path.includes('cut')) {
        const damaged = coreSaid('imageDamaged', { path, why: 'it ends before its last block' });
        throw new KlingError('invalid-input', damaged.text, { messageRef: damaged.ref });
      }
      return { sha256: path.replace(/copy-of-/, '') };
    },
    estimate: async (request) => {
      calls.push(`estimate ${request.image}`);
      return { credits: perRender };
    },
    queue: async (request, options) => {
      calls.push('queue');
      queued.push({ request, options });
      return { id: `r${queued.length}`, request } as unknown as RenderManifest;
    },
    budget: async () => ({ caps, spentToday: 5 }),
    newSetId: () => 'set-catalog-0001',
  };
  return { calls, queued, deps };
}

const ask = (input: CatalogRequestInput) => CatalogRequest.parse(input);

describe('queueCatalog', () => {
  it('skips a broken picture, names duplicates, prices once and queues the rest as one set', async () => {
    const { calls, queued, deps } = recorder();
    const result = await queueCatalog(
      deps,
      ask({
        pictures: ['/c/red.png', '/c/broken.png', '/c/copy-of-red.png', '/c/blue.jpg'],
        promptTemplate: 'Orbit around {name}',
        duration: '5s',
      }),
    );
    expect(result.setId).toBe('set-catalog-0001');
    expect(result.ids).toEqual(['r1', 'r2', 'r3']);
    expect(result.skipped).toEqual([
      { path: '/c/broken.png', name: 'broken', problem: '/c/broken.png: damaged' },
    ]);
    expect(result.total).toBe(60);
    expect(queued.map((q) => q.request.prompt)).toEqual([
      'Orbit around red',
      'Orbit around copy-of-red',
      'Orbit around blue',
    ]);
    expect(queued.every((q) => q.options.setId === 'set-catalog-0001')).toBe(true);
    // Every picture checked before the one estimate, and that before anything is queued.
    expect(calls.indexOf('estimate /c/red.png')).toBeGreaterThan(
      calls.indexOf('check /c/blue.jpg'),
    );
    expect(calls.filter((c) => c.startsWith('estimate'))).toHaveLength(1);
    expect(calls.indexOf('queue')).toBeGreaterThan(calls.indexOf('estimate /c/red.png'));
  });

  it("keeps each skipped picture's reason with its message id or check ids, for the app", async () => {
    const { deps } = recorder();
    const checked = await checkCatalog(
      deps,
      ask({ pictures: ['/c/cut.png', '/c/../x.png', '/c/red.png'], duration: '5s' }),
    );
    const [cut, outside] = checked.pictures;
    expect(cut).toMatchObject({
      problem: expect.stringMatching(/^\/c\/cut\.png: the picture is damaged or incomplete/),
      problemRef: { id: 'imageDamaged', params: { path: '/c/cut.png' } },
    });
    expect(outside).toMatchObject({
      problem: 'the path must be absolute, without ".."',
      problemSaid: [{ params: { check: 'catalogPathNotSafe' } }],
    });
  });

  it('reports the same bytes under two names as one upload', async () => {
    const { deps } = recorder();
    let uploads = -1;
    await queueCatalog(deps, ask({ pictures: ['/c/red.png', '/c/copy-of-red.png'] }), {
      onEstimate: (estimate) => {
        uploads = estimate.uploads;
        expect(estimate.pictures[1]).toMatchObject({ sameAs: '/c/red.png' });
      },
    });
    expect(uploads).toBe(1);
  });

  it('queues nothing over a cap, over --max-credits, or with a cap and no estimate', async () => {
    const daily: BudgetCap = { scope: 'day', limit: 50, name: 'daily' };
    const pictures = ['/c/a.png', '/c/b.png', '/c/c.png'];
    const over = recorder([daily]);
    await expect(queueCatalog(over.deps, ask({ pictures }))).rejects.toThrow(
      /5 credits spent today plus 60 credits for this set of 3 renders makes 65 credits, more than your daily cap/,
    );
    expect(over.queued).toEqual([]);
    const max = recorder();
    await expect(queueCatalog(max.deps, ask({ pictures }), { maxCredits: 59 })).rejects.toThrow(
      CatalogOverBudget,
    );
    expect(max.queued).toEqual([]);
    const unknown = recorder([daily], null);
    await expect(queueCatalog(unknown.deps, ask({ pictures }))).rejects.toThrow(
      /No cost estimate for the set/,
    );
    // The person said yes to the Settings cap: queued (never for --max-credits).
    const confirmed = recorder([daily]);
    await queueCatalog(confirmed.deps, ask({ pictures, confirmOverBudget: true }));
    expect(confirmed.queued).toHaveLength(3);
  });

  it('refuses the whole set for a template or settings no picture can fix, before reading any', async () => {
    const { calls, deps } = recorder();
    await expect(
      queueCatalog(deps, ask({ pictures: ['/c/a.png'], promptTemplate: 'A {colour} {name}' })),
    ).rejects.toThrow('only {name}');
    await expect(
      queueCatalog(deps, ask({ pictures: ['/c/a.png'], model: 'Kling_2_1', duration: '7s' })),
    ).rejects.toThrow(/Every picture's render: duration/);
    expect(calls).toEqual([]);
  });

  it('refuses when no picture can be used, naming each', async () => {
    const { queued, deps } = recorder();
    await expect(
      queueCatalog(deps, ask({ pictures: ['/c/broken-1.png', 'relative.png'] })),
    ).rejects.toThrow(
      /None of the 2 pictures can be used.*broken-1: .*relative: the path must be absolute/,
    );
    expect(queued).toEqual([]);
  });
});
