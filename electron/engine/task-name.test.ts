/**
 * Every start names its run for WeShop's history (input.taskName), and a render whose run id
 * never came back says which name to look for there.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KlingError } from '../../shared/errors';
import { createHarness, type Harness } from './testing/harness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const local = { image: '/pictures/cat.png', prompt: 'the cat slowly turns its head' };

describe("a start's name in WeShop's history", () => {
  it('is the prompt and the render id, sent with the start, saved with startSentAt and logged', async () => {
    const lines: { message: string; fields: Record<string, unknown> }[] = [];
    const keep = (fields: Record<string, unknown>, message: string) =>
      void lines.push({ message, fields });
    h = await createHarness({ log: { info: keep, warn: keep, error: keep } });
    const job = await h.engine.queue(local);
    await h.engine.idle();
    const taskName = `Kling Studio · the cat slowly turns its head · ${job.id}`;
    expect(h.fake.taskNames).toEqual([taskName]);
    // The support log's "WeShop started a run" line names it as WeShop's history does.
    expect(lines.find((l) => l.message.startsWith('WeShop started a run'))?.fields).toMatchObject({
      id: job.id,
      executionId: 'exec-1',
      taskName,
    });
    const starting = h.updates.find((m) => m.id === job.id && m.state === 'starting');
    expect(starting).toMatchObject({ startSentAt: expect.any(String), taskName });
  });

  it('is what a needs-attention render tells the user to look for', async () => {
    h = await createHarness();
    // A 502 after the start left: WeShop may have started (and charged for) the run.
    h.fake.startFailures.push(new KlingError('server-error', 'HTTP 502'));
    const job = await h.engine.queue(local);
    await h.engine.idle();
    const m = await h.library.read(job.id);
    expect(m?.state).toBe('needs-attention');
    expect(m?.error?.message).toContain(
      `Look for "Kling Studio · the cat slowly turns its head · ${job.id}" in your WeShop history`,
    );
    expect(m?.error?.message).toMatch(/charge twice/);
  });

  it('is not named for a start an older version sent without one', async () => {
    h = await createHarness();
    // As an older version left it when it stopped mid-start: no taskName was sent.
    const job = await h.library.create(local);
    await h.library.update(job.id, (m) => {
      m.state = 'starting';
      m.startSentAt = new Date().toISOString();
    });
    await h.library.release(job.id);
    expect((await h.engine.resume()).needsAttention).toEqual([job.id]);
    const m = await h.library.read(job.id);
    expect(m?.error?.message).toMatch(/no run id came back/);
    expect(m?.error?.message).not.toContain('Look for');
    expect(h.fake.calls.start).toEqual([]);
  });
});
