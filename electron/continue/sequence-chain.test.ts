import { describe, expect, it } from 'vitest';
import type { LibraryQueryInput, RenderManifest } from '../../shared/job';
import { type ChainLink, sequenceOf } from '../../shared/sequence';
import { type ChainLibrary, readSequence } from './sequence-chain';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 29, 4, minute)).toISOString();
const link = (id: string, minute: number, from?: string): ChainLink => ({
  id,
  createdAt: at(minute),
  ...(from ? { continuedFrom: { id: from, videoIndex: 0 } } : {}),
});

/** A library of these renders that answers as the real one does, and says what it was asked. */
function fakeLibrary(links: ChainLink[]) {
  // Only the chain's fields are read: the rest of a manifest does not matter here.
  const renders = links as unknown as RenderManifest[];
  const queries: LibraryQueryInput[] = [];
  const reads: string[] = [];
  const library: ChainLibrary = {
    read: async (id) => {
      reads.push(id);
      return renders.find((r) => r.id === id) ?? null;
    },
    list: async (query) => {
      queries.push(query);
      if (query.sort !== 'oldest') throw new Error(`unexpected sort ${query.sort}`);
      const from = query.from ? Date.parse(query.from) : 0;
      const matching = renders
        .filter((r) => Date.parse(r.createdAt) >= from)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
      const offset = query.offset ?? 0;
      const items = matching.slice(offset, offset + (query.limit ?? 20_000));
      return { items, total: matching.length };
    },
  };
  return { library, queries, reads };
}

describe('readSequence', () => {
  // The chain a → b → c → d, a second continuation b2 of a, and 300 unrelated renders between.
  const chain = [link('a', 1), link('b', 20, 'a'), link('c', 200, 'b'), link('d', 290, 'c')];
  const others = Array.from({ length: 300 }, (_, i) => link(`other-${i}`, i));
  const links = [...others, ...chain, link('b2', 30, 'a'), link('lone', 150)];

  it('finds the chain sequenceOf finds among every render, a small page at a time', async () => {
    for (const id of ['a', 'b', 'c', 'd', 'b2', 'lone', 'other-7']) {
      const { library, queries } = fakeLibrary(links);
      const found = await readSequence(library, id, 25);
      expect(found.map((r) => r.id)).toEqual(sequenceOf(id, links).map((r) => r.id));
      expect(queries.length).toBeGreaterThan(0);
      for (const query of queries) expect(query.limit).toBeLessThanOrEqual(25);
    }
  });

  it('reads the ancestors one by one, and pages only from the render asked for on', async () => {
    const { library, queries, reads } = fakeLibrary(links);
    expect((await readSequence(library, 'c', 25)).map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(reads).toEqual(['c', 'b', 'a']);
    expect(queries.every((q) => q.from === at(200))).toBe(true);
  });

  it('is empty for an unknown id, keeps a render whose source was deleted, stops at a loop', async () => {
    expect(await readSequence(fakeLibrary(links).library, 'nope')).toEqual([]);
    const orphan = [link('x', 1, 'deleted')];
    expect((await readSequence(fakeLibrary(orphan).library, 'x')).map((r) => r.id)).toEqual(['x']);
    const loop = [link('p', 1, 'q'), link('q', 2, 'p')];
    expect((await readSequence(fakeLibrary(loop).library, 'p')).map((r) => r.id)).toEqual([
      'q',
      'p',
    ]);
  });
});
