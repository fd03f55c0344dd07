import { describe, expect, it } from 'vitest';
import { wayBack } from './wait-jobs';

describe('how a run quit without its id comes back', () => {
  const run = { id: 'r1', executionId: 'exec-9', problem: 'free space on /x' };

  it('from the started-runs journal when it got there', () => {
    expect(wayBack({ ...run, journaled: true })).toBe(
      '`kling-studio resume` recovers it from the log',
    );
  });

  it('by hand with its id when even the journal could not be written', () => {
    expect(wayBack({ ...run, journaled: false })).toBe(
      'keep its id: `kling-studio resume`, then `kling-studio attach r1 exec-9` collects it',
    );
  });
});
