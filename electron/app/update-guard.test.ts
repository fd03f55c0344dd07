import { describe, expect, it } from 'vitest';
import { JobState } from '../../shared/job';
import { createUpdateGuard } from './update-guard';

const SENT = '2026-09-01T10:00:00.000Z';

describe('the update guard (restart only when no start is in flight)', () => {
  it('holds the restart for a render in each state exactly while its start is unanswered', () => {
    // [state, startSentAt, executionId] → holds the restart?
    const holds = (state: JobState, sent: boolean, runId: boolean) => {
      const guard = createUpdateGuard();
      guard.observe({
        id: 'r1',
        state,
        ...(sent ? { startSentAt: SENT } : {}),
        ...(runId ? { executionId: 'exec-1' } : {}),
      });
      return guard.blocking() === 1;
    };
    for (const state of JobState.options) {
      // Never sent: a restart is safe, the start is sent after it.
      expect(holds(state, false, false), `${state}, not sent`).toBe(false);
      // Run id saved: polling and downloading resume after a restart.
      expect(holds(state, true, true), `${state}, run id saved`).toBe(false);
    }
    // Sent, no run id: only while the render has not ended.
    const live = ['queued', 'uploading', 'starting', 'running', 'downloading'];
    for (const state of JobState.options) {
      expect(holds(state, true, false), `${state}, sent, no run id`).toBe(live.includes(state));
    }
  });

  it('lets the restart go once the run id is saved (or the render ends)', async () => {
    const guard = createUpdateGuard();
    guard.observe({ id: 'a', state: 'starting', startSentAt: SENT });
    guard.observe({ id: 'b', state: 'starting', startSentAt: SENT });
    let clear = false;
    const waiting = guard.whenClear().then(() => {
      clear = true;
    });
    guard.observe({ id: 'a', state: 'running', startSentAt: SENT, executionId: 'exec-a' });
    await Promise.resolve();
    expect(clear).toBe(false);
    expect(guard.blocking()).toBe(1);
    guard.observe({ id: 'b', state: 'needs-attention', startSentAt: SENT });
    await waiting;
    expect(clear).toBe(true);
    await expect(guard.whenClear()).resolves.toBeUndefined();
  });

  it('stops waiting when asked to', async () => {
    const guard = createUpdateGuard();
    guard.observe({ id: 'a', state: 'starting', startSentAt: SENT });
    const controller = new AbortController();
    const waiting = guard.whenClear(controller.signal);
    controller.abort(new Error('update canceled'));
    await expect(waiting).rejects.toThrow('update canceled');
  });
});
