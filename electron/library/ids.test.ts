import { describe, expect, it } from 'vitest';
import { RenderManifest } from '../../shared/job';
import { isRenderId, newRenderId } from './ids';

const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length] as number;
};

describe('render ids', () => {
  it('match the manifest id pattern', () => {
    const id = newRenderId(new Date('2025-01-02T03:04:05.678Z'), Math.random);
    expect(isRenderId(id)).toBe(true);
    expect(RenderManifest.shape.id.safeParse(id).success).toBe(true);
  });

  it('sort by time as plain strings', () => {
    const times = [
      '2001-09-09T01:46:40Z',
      '2025-01-01T00:00:00Z',
      '2025-01-01T00:00:00.001Z',
      '2090-05-05T00:00:00Z',
    ];
    const ids = times.map((t) => newRenderId(new Date(t), sequence(0.99)));
    expect([...ids].reverse().sort()).toEqual(ids);
  });

  it('differ by their random suffix within one millisecond', () => {
    const at = new Date('2025-01-01T00:00:00Z');
    expect(newRenderId(at, sequence(0.1))).not.toBe(newRenderId(at, sequence(0.5)));
    expect(newRenderId(at, sequence(0.1))).toBe(newRenderId(at, sequence(0.1)));
  });
});
