import { afterEach, describe, expect, it } from 'vitest';
import { fileQueueStore } from './queue-store';
import { createHarness, type Harness } from './testing/harness';

/*
 * The order and the pauses live in <home>/queue.json: a second engine on the same home (a
 * restart) starts nothing while the queue is paused, and then starts in the saved order.
 */
let h: Harness;
afterEach(async () => {
  await h?.close();
});

const ask = (prompt: string) => ({ image: '/pictures/cat.png', prompt });
const storeOf = async (home: string) => {
  const store = fileQueueStore({ home, watchMs: 0, onProblem: () => {} });
  await store.load();
  return store;
};

describe('queue steering across a restart', () => {
  it('keeps the whole-queue pause, a set pause and the order of the waiting renders', async () => {
    h = await createHarness({ concurrency: 1 });
    const before = await storeOf(h.home);
    const first = await h.restart({ queueStore: before, concurrency: 1 });
    await first.engine.controlQueue({ action: 'pause' });
    await first.engine.controlQueue({ action: 'pause', setId: 'set-catalog-0001' });
    const a = await first.engine.queue(ask('first'));
    const b = await first.engine.queue(ask('second'));
    const c = await first.engine.queue(ask('third'));
    await first.engine.moveInQueue({ id: c.id, to: 'front' });
    await first.engine.moveInQueue({ id: a.id, to: 'back' });
    expect(first.engine.queueState().order).toEqual([c.id, b.id, a.id]);
    await first.engine.close();
    await h.engine.close();
    expect(h.fake.calls.start).toHaveLength(0);

    const second = await h.restart({ queueStore: await storeOf(h.home), concurrency: 1 });
    const resumed = await second.engine.resume();
    expect(resumed.resumed.sort()).toEqual([a.id, b.id, c.id].sort());
    expect(second.engine.queueState()).toEqual({
      paused: true,
      pausedSets: ['set-catalog-0001'],
      order: [c.id, b.id, a.id],
    });
    expect(h.fake.calls.start).toHaveLength(0); // paused: nothing starts after the restart

    await second.engine.controlQueue({ action: 'resume' });
    await second.engine.idle();
    expect(h.fake.calls.start.map((call) => call.request.prompt)).toEqual([
      'third',
      'second',
      'first',
    ]);
  });
});
