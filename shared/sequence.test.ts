import { describe, expect, it } from 'vitest';
import { type ChainLink, sequenceOf, sequenceVideoIndexes } from './sequence';

const link = (id: string, minute: number, from?: string): ChainLink => ({
  id,
  createdAt: `2026-11-29T04:${String(minute).padStart(2, '0')}:00.000Z`,
  ...(from ? { continuedFrom: { id: from, videoIndex: 0 } } : {}),
});

describe('sequenceOf', () => {
  const renders = [
    link('c', 3, 'b'),
    link('a', 1),
    link('b', 2, 'a'),
    link('b2', 4, 'a'), // a second continuation of a: not on the oldest path
    link('d', 5, 'c'),
    link('lone', 6),
  ];

  it('walks back to the first render and forward along the oldest continuations', () => {
    for (const id of ['a', 'b', 'c', 'd']) {
      expect(sequenceOf(id, renders).map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
    }
  });

  it('follows the branch the render is on', () => {
    expect(sequenceOf('b2', renders).map((r) => r.id)).toEqual(['a', 'b2']);
  });

  it('is just the render when nothing is linked, empty for an unknown id', () => {
    expect(sequenceOf('lone', renders).map((r) => r.id)).toEqual(['lone']);
    expect(sequenceOf('nope', renders)).toEqual([]);
  });

  it('keeps a render whose source was deleted, and stops at a loop', () => {
    expect(sequenceOf('x', [link('x', 1, 'deleted')]).map((r) => r.id)).toEqual(['x']);
    const loop = [link('p', 1, 'q'), link('q', 2, 'p')];
    expect(sequenceOf('p', loop).map((r) => r.id)).toEqual(['q', 'p']);
  });
});

describe('sequenceVideoIndexes', () => {
  it('plays the video each next render continued from, and the first of the last', () => {
    const chain: ChainLink[] = [
      link('a', 1),
      { ...link('b', 2), continuedFrom: { id: 'a', videoIndex: 2 } },
      { ...link('c', 3), continuedFrom: { id: 'b', videoIndex: 1 } },
    ];
    expect(sequenceVideoIndexes(chain)).toEqual([2, 1, 0]);
  });
});
