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

describe('library query: agent', () => {
  it('sends the chosen agent (and model) to main, and counts it as a filter', () => {
    const omni = toLibraryQuery({
      ...EMPTY_FILTERS,
      agent: 'kling-O1',
      model: 'Kling_Video_O1_I2V',
    });
    expect(omni).toEqual({ sort: 'newest', agent: 'kling-O1', model: 'Kling_Video_O1_I2V' });
    expect(LibraryQuery.parse(omni)).toMatchObject({ agent: 'kling-O1' });
    expect(hasActiveFilters({ ...EMPTY_FILTERS, agent: 'kling-motion-control' })).toBe(true);
    expect(toLibraryQuery(EMPTY_FILTERS)).toEqual({ sort: 'newest' });
  });
});
