import { describe, expect, it } from 'vitest';
import { createHoverPreview } from './hover-preview';

/** Timers the test runs by hand: "after the delay" is a call, not a sleep. */
function manualTimers() {
  const timers = new Map<number, { run: () => void; ms: number }>();
  let next = 1;
  return {
    setTimer: (run: () => void, ms: number) => {
      const id = next++;
      timers.set(id, { run, ms });
      return id;
    },
    clearTimer: (id: unknown) => void timers.delete(id as number),
    fireAll() {
      const due = [...timers.values()];
      timers.clear();
      for (const timer of due) timer.run();
    },
    pending: () => [...timers.values()].map((timer) => timer.ms),
  };
}

describe('hover preview', () => {
  it('plays a card only after the delay, and stops it on leave', () => {
    const timers = manualTimers();
    const preview = createHoverPreview({ delayMs: 400, ...timers });
    preview.enter('a');
    expect(preview.current()).toBeNull();
    expect(timers.pending()).toEqual([400]);
    timers.fireAll();
    expect(preview.current()).toBe('a');
    preview.leave('a');
    expect(preview.current()).toBeNull();
  });

  it('plays one card at a time: a newer card replaces the one playing', () => {
    const timers = manualTimers();
    const preview = createHoverPreview(timers);
    const seen: (string | null)[] = [];
    preview.subscribe(() => seen.push(preview.current()));
    preview.enter('a');
    timers.fireAll();
    preview.enter('b');
    expect(preview.current()).toBe('a'); // until b's delay is over
    timers.fireAll();
    expect(preview.current()).toBe('b');
    preview.leave('a'); // a late leave of the old card changes nothing
    expect(preview.current()).toBe('b');
    expect(seen).toEqual(['a', 'b']);
  });

  it('a pointer sweeping across cards starts nothing it left before the delay', () => {
    const timers = manualTimers();
    const preview = createHoverPreview(timers);
    preview.enter('a');
    preview.leave('a');
    preview.enter('b');
    preview.enter('c');
    expect(timers.pending()).toHaveLength(1);
    timers.fireAll();
    expect(preview.current()).toBe('c');
  });

  it('plays nothing when the user prefers reduced motion', () => {
    const timers = manualTimers();
    const preview = createHoverPreview({ ...timers, prefersReducedMotion: () => true });
    preview.enter('a');
    timers.fireAll();
    expect(timers.pending()).toEqual([]);
    expect(preview.current()).toBeNull();
  });
});
