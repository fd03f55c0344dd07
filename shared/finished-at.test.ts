import { describe, expect, it } from 'vitest';
import { finishedAt } from './finished-at';

const at = (minute: number) => `2026-12-01T09:${String(minute).padStart(2, '0')}:00.000Z`;
const WEEK_LATER = '2026-12-08T09:00:00.000Z';

describe('finishedAt', () => {
  it('is when the render entered its final state, not its last write', () => {
    const history = [
      { state: 'queued' as const, at: at(0) },
      { state: 'running' as const, at: at(1) },
      { state: 'downloading' as const, at: at(3) },
      { state: 'done' as const, at: at(4) },
    ];
    expect(finishedAt({ state: 'done', history, updatedAt: WEEK_LATER })).toBe(at(4));
  });

  it('takes the first of the entries in that state at the end (a retry counts from its own end)', () => {
    const history = [
      { state: 'failed' as const, at: at(2) },
      { state: 'queued' as const, at: at(5) },
      { state: 'canceled' as const, at: at(6) },
      { state: 'canceled' as const, at: at(7) },
    ];
    expect(finishedAt({ state: 'canceled', history, updatedAt: WEEK_LATER })).toBe(at(6));
  });

  it('falls back on updatedAt when the history does not end in the state', () => {
    const history = [{ state: 'running' as const, at: at(1) }];
    expect(finishedAt({ state: 'done', history, updatedAt: WEEK_LATER })).toBe(WEEK_LATER);
  });
});
