import { describe, expect, it } from 'vitest';
import { makeRender } from '../../testing/fixtures';
import { STRIP_RENDERS, STRIP_SETS, stripSets } from './set-queries';

const inSet = (n: number, set: number) =>
  makeRender(n, { setId: `set-${String(set).padStart(6, '0')}-aaaaaa` });

describe('the sets strip from one page of set renders', () => {
  it('counts the sets the page holds whole, and asks the count of one the page cut short', async () => {
    // A full page: set 1 (newest) has 100 renders, set 2 only 20 of its (say) 300 here.
    const page = [
      ...Array.from({ length: 100 }, (_, i) => inSet(i + 1, 1)),
      ...Array.from({ length: STRIP_RENDERS - 100 }, (_, i) => inSet(200 + i, 2)),
    ];
    const asked: string[] = [];
    const sets = await stripSets(page, async (setId) => {
      asked.push(setId);
      return 300;
    });
    // Set 2 is dropped (cut, and a newer set is shown); nothing was asked.
    expect(sets.map((s) => [s.setId, s.count])).toEqual([['set-000001-aaaaaa', 100]]);
    expect(asked).toEqual([]);

    const one = await stripSets(
      Array.from({ length: STRIP_RENDERS }, (_, i) => inSet(i + 1, 3)),
      async () => 500,
    );
    expect(one.map((s) => s.count)).toEqual([500]);
  });

  it('shows at most the newest sets it has room for', async () => {
    const page = Array.from({ length: 20 }, (_, i) => inSet(i + 1, i + 1));
    const sets = await stripSets(page, async () => 0);
    expect(sets).toHaveLength(STRIP_SETS);
    expect(sets[0]?.setId).toBe('set-000001-aaaaaa');
  });
});
