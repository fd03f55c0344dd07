import { afterEach, describe, expect, it } from 'vitest';
import type { QueueSteering } from '../../shared/queue';
import { createQueueControl } from './queue-control';
import { memoryQueueStore, type QueueStore } from './queue-store';
import { createScheduler, PRIORITY_NEW, PRIORITY_STARTED } from './scheduler';

/*
 * The scheduler's waiting list under steering, with fakes only (no clock, no sleeps): a job
 * "runs" until the test ends it, so what started and in which order is exact.
 */
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  // A scheduler holding paused jobs keeps a timer (the process stays alive): closed here. Its
  // close aborts the render a test leaves under way and waits for it to end (the fake ends).
  for (const scheduler of open.splice(0)) await scheduler.close();
});

function setup(options: { concurrency?: number; sets?: Record<string, string> } = {}) {
  const store: QueueStore = memoryQueueStore();
  const started: string[] = [];
  const ends = new Map<string, () => void>();
  const released: string[] = [];
  const scheduler = createScheduler({
    library: {
      claim: async () => ({ ok: true }) as never,
      release: async (id: string) => {
        released.push(id);
      },
      read: async (id: string) => ({ setId: options.sets?.[id] }) as never,
    },
    log: { info: () => {}, warn: () => {}, error: () => {} },
    concurrency: options.concurrency ?? 1,
    // Like a real run, it ends when the scheduler aborts it (close): a fake that ignored the
    // signal kept close() waiting forever on the render a test leaves under way.
    runJob: (id, signal) =>
      new Promise<void>((resolve) => {
        started.push(id);
        ends.set(id, resolve);
        signal.addEventListener('abort', () => resolve(), { once: true });
      }),
    onCrash: async () => {},
    steering: store.current,
  });
  open.push(scheduler);
  const canceled: string[] = [];
  const control = createQueueControl({
    store,
    scheduler,
    cancel: async (id) => {
      canceled.push(id);
      await scheduler.cancel(id);
    },
    queuedOnDisk: async (id) => id.startsWith('elsewhere'),
    changed: () => {},
  });
  store.onChange(() => scheduler.reconsider());
  /** Ends a running job and lets the scheduler pick the next one. */
  const finish = async (id: string) => {
    ends.get(id)?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { store, scheduler, control, started, finish, canceled, released };
}

describe('scheduler: a queue you can steer', () => {
  it('a paused queue starts nothing new; the render under way finishes; resume goes on in order', async () => {
    const t = setup();
    await t.scheduler.enqueue('job-aaa1', PRIORITY_NEW);
    await t.control.control({ action: 'pause' });
    await t.scheduler.enqueue('job-bbb2', PRIORITY_NEW);
    await t.scheduler.enqueue('job-ccc3', PRIORITY_NEW);
    expect(t.started).toEqual(['job-aaa1']); // already under way: never interrupted
    await t.finish('job-aaa1');
    expect(t.started).toEqual(['job-aaa1']);
    expect(t.control.state()).toEqual({
      paused: true,
      pausedSets: [],
      order: ['job-bbb2', 'job-ccc3'],
    });
    const resumed = await t.control.control({ action: 'resume' });
    expect(resumed.message).toBe('Resumed the queue: 2 renders can start.');
    expect(t.started).toEqual(['job-aaa1', 'job-bbb2']);
    await t.finish('job-bbb2');
    expect(t.started).toEqual(['job-aaa1', 'job-bbb2', 'job-ccc3']);
  });

  it('a paused set holds only its own renders, and a paid run is never held', async () => {
    const t = setup({ sets: { 'set1-aaa': 'set-catalog-1', 'set1-bbb': 'set-catalog-1' } });
    await t.scheduler.enqueue('first-job', PRIORITY_NEW);
    await t.control.control({ action: 'pause', setId: 'set-catalog-1' });
    await t.scheduler.enqueue('set1-aaa', PRIORITY_NEW);
    await t.scheduler.enqueue('set1-bbb', PRIORITY_NEW);
    await t.scheduler.enqueue('lone-job', PRIORITY_NEW);
    await t.scheduler.enqueue('paid-run', PRIORITY_STARTED);
    await t.control.control({ action: 'pause' });
    await t.finish('first-job');
    expect(t.started).toEqual(['first-job', 'paid-run']);
    await t.control.control({ action: 'resume' });
    await t.finish('paid-run');
    expect(t.started).toEqual(['first-job', 'paid-run', 'lone-job']);
    await t.finish('lone-job');
    expect(t.started.at(-1)).toBe('lone-job'); // the set still waits
    expect(t.control.state().pausedSets).toEqual(['set-catalog-1']);
    await t.control.control({ action: 'resume', setId: 'set-catalog-1' });
    expect(t.started.at(-1)).toBe('set1-aaa');
  });

  it('moves a waiting render to the front, to the back and before another', async () => {
    const t = setup();
    await t.scheduler.enqueue('running', PRIORITY_NEW);
    for (const id of ['job-aaa1', 'job-bbb2', 'job-ccc3', 'job-ddd4']) {
      await t.scheduler.enqueue(id, PRIORITY_NEW);
    }
    await t.control.move({ id: 'job-ccc3', to: 'front' });
    await t.control.move({ id: 'job-aaa1', to: 'back' });
    const state = await t.control.move({ id: 'job-ddd4', before: 'job-bbb2' });
    expect(state.order).toEqual(['job-ccc3', 'job-ddd4', 'job-bbb2', 'job-aaa1']);
    expect(t.store.current().order).toEqual(['job-ccc3', 'job-ddd4', 'job-bbb2', 'job-aaa1']);
    await t.finish('running');
    await t.finish('job-ccc3');
    await t.finish('job-ddd4');
    expect(t.started).toEqual(['running', 'job-ccc3', 'job-ddd4', 'job-bbb2']);
    // Under way: it can no longer move.
    await expect(t.control.move({ id: 'job-bbb2', to: 'back' })).rejects.toThrow(
      /not waiting here any more: it has started/,
    );
    // With its id, so the Queue's toast says it in the chosen language.
    await expect(t.control.move({ id: 'job-bbb2', to: 'back' })).rejects.toMatchObject({
      messageRef: { id: 'notWaitingHere' },
    });
  });

  it('saves a move to the front for a render queued in another process', async () => {
    const t = setup();
    await t.control.move({ id: 'elsewhere-1', to: 'front' });
    expect(t.store.current().order).toEqual(['elsewhere-1']);
    await expect(t.control.move({ id: 'nowhere-1', to: 'front' })).rejects.toThrow(
      /not waiting here/,
    );
  });

  it('cancels a set as a whole: only its renders not yet started; the one under way finishes', async () => {
    const sets = {
      'set1-aaa': 'set-catalog-1',
      'set1-bbb': 'set-catalog-1',
      'set1-ccc': 'set-catalog-1',
    };
    const t = setup({ sets });
    await t.scheduler.enqueue('set1-aaa', PRIORITY_NEW);
    await t.scheduler.enqueue('set1-bbb', PRIORITY_NEW);
    await t.scheduler.enqueue('other-job', PRIORITY_NEW);
    await t.scheduler.enqueue('set1-ccc', PRIORITY_NEW);
    const result = await t.control.control({ action: 'cancel', setId: 'set-catalog-1' });
    expect(result.canceled).toEqual(['set1-bbb', 'set1-ccc']);
    expect(t.canceled).toEqual(['set1-bbb', 'set1-ccc']);
    expect(result.message).toMatch(/^Canceled 2 renders of this set that had not started/);
    expect(result.message).toMatch(
      /1 render already under way finishes \(a start that may have been sent is never stopped/,
    );
    expect(result.order).toEqual(['other-job']);
    await t.finish('set1-aaa');
    expect(t.started).toEqual(['set1-aaa', 'other-job']);
  });

  it('a batch (resume) starts nothing until all are in, then follows the saved order', async () => {
    const t = setup();
    await t.store.update((s): QueueSteering => ({ ...s, order: ['job-ccc3', 'job-bbb2'] }));
    await t.scheduler.batch(async () => {
      for (const id of ['job-aaa1', 'job-bbb2', 'job-ccc3']) {
        await t.scheduler.enqueue(id, PRIORITY_NEW);
      }
      expect(t.started).toEqual([]);
    });
    expect(t.started).toEqual(['job-ccc3']);
    await t.finish('job-ccc3');
    await t.finish('job-bbb2');
    expect(t.started).toEqual(['job-ccc3', 'job-bbb2', 'job-aaa1']);
  });

  it('a paused queue is not idle; it is once resumed and done', async () => {
    const t = setup();
    await t.control.control({ action: 'pause' });
    await t.scheduler.enqueue('job-aaa1', PRIORITY_NEW);
    let idle = false;
    const waiting = t.scheduler.idle().then(() => {
      idle = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(idle).toBe(false);
    await t.control.control({ action: 'resume' });
    await t.finish('job-aaa1');
    await waiting;
    expect(idle).toBe(true);
  });
});
