import { describe, expect, it } from 'vitest';
import { LibraryQuery } from '../../shared/job';
import { EMPTY_FILTERS, hasActiveFilters, toLibraryQuery } from './library-query';

describe('library query: cost', () => {
  it('turns a cost band into an inclusive credit range main accepts, and sorts by cost', () => {
    const cheap = toLibraryQuery({ ...EMPTY_FILTERS, cost: 'up-to-25', sort: 'cost-high' });
    expect(cheap).toEqual({ sort: 'cost-high', maxCredits: 25 });
    expect(LibraryQuery.parse(cheap)).toMatchObject({ maxCredits: 25, sort: 'cost-high' });
    expect(toLibraryQuery({ ...EMPTY_FILTERS, cost: 'known' })).toEqual({
      sort: 'newest',
      minCredits: 0,
    });
    expect(toLibraryQuery({ ...EMPTY_FILTERS, cost: 'from-100' })).toMatchObject({
      minCredits: 100,
    });
    expect(hasActiveFilters({ ...EMPTY_FILTERS, cost: 'known' })).toBe(true);
    expect(hasActiveFilters({ ...EMPTY_FILTERS, sort: 'cost-low' })).toBe(false);
  });
});
