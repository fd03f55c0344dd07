import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isKlingError, KlingError } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { manifestPath, startedRunsPath } from '../library/layout';
import type { Library, ManifestMutation } from '../library/library';
import { EMPTY_SUCCESS_POLLS, POLL_PROBLEM_AFTER } from './steps/poll';
import { MAX_RETRY_AFTER_MS } from './steps/start';
import { createHarness, type Harness, videoBytesFor, waitFor } from './testing/harness';
import { createVirtualClock } from './testing/virtual-clock';

/*
 * The four ways the review found to lose a paid render or pay twice, and the rules that
 * close them: every test here failed against the engine before the fix.
 */

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const local = { image: '/pictures/cat.png', prompt: 'the cat slowly turns its head' };
const onDisk = async (id: string) =>
  JSON.parse(await readFile(manifestPath(h.home, id), 'utf8')) as RenderManifest;

/** What a mutation would write, without writing it (to recognise which update is which). */
function preview(current: RenderManifest, mutate: ManifestMutation): RenderManifest | null {
  const draft = structuredClone(current);
  try {
    return mutate(draft) ?? draft;
  } catch {
    return null;
  }
}

/** A library whose update() runs `hook` first, told what the mutation would write. */
function withUpdateHook(
  library: Library,
  hook: (next: RenderManifest | null, current: RenderManifest) => Promise<void> | void,
): Library {
  return {
    ...library,
    async update(id, mutate) {
      const current = await library.read(id);
      if (current) await hook(preview(current, mutate), current);
      return library.update(id, mutate);
    },
  };
}

const eperm = () =>
  Object.assign(new Error('EPERM: operation not permitted, rename'), { code: 'EPERM' });

describe('a failed write after a paid start', () => {
  it('retries saving the run id and finishes: one start, never failed', async () => {
    h = await createHarness();
    let failures = 2;
    const library = withUpdateHook(h.library, (next, current) => {
      if (next?.executionId && !current.executionId && failures-- > 0) throw eperm();
    });
    const logged: string[] = [];
    const { engine } = await h.restart({
      library,
      log: {
        info: (fields, message) => logged.push(`${message} ${String(fields.executionId)}`),
        warn: () => {},
        error: (fields, message) => logged.push(`${message} ${String(fields.executionId)}`),
      },
    });
    const job = await engine.queue(local);
    await engine.idle();
    const final = await onDisk(job.id);
    expect(final).toMatchObject({ state: 'done', executionId: 'exec-1' });
    expect(h.fake.calls.start).toHaveLength(1);
    expect(h.statesOf(job.id)).not.toContain('failed');
    // The run id was in the log before it was on disk.
    expect(logged[0]).toBe('WeShop started a run; saving its id exec-1');
    expect(logged.filter((l) => l.startsWith('could not save the run id'))).toHaveLength(2);
  });

  it('a start with no saved id is needs-attention on resume and on retry, never failed', async () => {
    h = await createHarness();
    // The disk refuses the run id for good, the journal and the log have nothing either; the
    // app is then quit at once (a forced close gives the save up).
    const library = withUpdateHook(h.library, (next, current) => {
      if (next?.executionId && !current.executionId) throw eperm();
    });
    const nowhere = {
      record: async () => {
        throw eperm();
      },
      find: async () => [],
    };
    const first = await h.restart({ library, runIds: nowhere });
    const job = await first.engine.queue(local);
    await waitFor(() => h.fake.calls.start.length === 1, 'the start');
    await first.engine.close({ force: true });
    expect(await onDisk(job.id)).toMatchObject({ state: 'starting' });

    const second = await h.restart({ runIds: nowhere });
    expect((await second.engine.resume()).needsAttention).toEqual([job.id]);
    expect(await onDisk(job.id)).toMatchObject({ state: 'needs-attention' });
    const refused = await second.engine.retry(job.id).catch((e) => e);
    expect(isKlingError(refused, 'needs-attention')).toBe(true);
    expect(h.fake.calls.start).toHaveLength(1);
  });

  it('an unexpected error after the start was sent leaves needs-attention, not failed', async () => {
    h = await createHarness();
    let broken = true;
    const library = withUpdateHook(h.library, (next, current) => {
      // The first write after the start went out (other than the id itself) breaks once.
      if (broken && current.startSentAt && !current.executionId && !next?.executionId) {
        broken = false;
        throw eperm();
      }
    });
    const { engine } = await h.restart({ library, startRateLimitAttempts: 1 });
    h.fake.startFailures.push(new KlingError('server-error', 'HTTP 502'));
    const job = await engine.queue(local);
    await engine.idle();
    expect(await onDisk(job.id)).toMatchObject({ state: 'needs-attention' });
  });

  it('an older version\'s "failed" with startSentAt and no run id becomes needs-attention', async () => {
    h = await createHarness();
    const job = await h.engine.queue(local);
    await h.engine.idle();
    await h.library.update(job.id, (m) => {
      m.state = 'failed';
      delete m.executionId;
      m.error = { kind: 'internal', message: 'EPERM' };
    });
    await h.engine.close();
    // The new version starts on that library (an older version wrote no started-runs journal).
    await rm(startedRunsPath(h.home));
    const next = await h.restart();
    expect((await next.engine.resume()).needsAttention).toEqual([job.id]);
    expect((await onDisk(job.id)).state).toBe('needs-attention');
    const refused = await next.engine.retry(job.id).catch((e) => e);
    expect(isKlingError(refused, 'needs-attention')).toBe(true);
  });
});

describe('cancel tells the truth', () => {
  it('cancel before the startSentAt write: the start is never sent', async () => {
    h = await createHarness();
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let atGate = false;
    const library = withUpdateHook(h.library, async (next, current) => {
      if (next?.startSentAt && !current.startSentAt) {
        atGate = true;
        await gate;
      }
    });
    const { engine } = await h.restart({ library });
    const job = await engine.queue({ ...local, image: 'https://example.com/cat.png' });
    await waitFor(() => atGate, 'the start write');
    const canceled = await engine.cancel(job.id);
    release();
    await engine.idle();
    expect(canceled.error?.message).toBe('Canceled before it started: no credits were used.');
    expect(h.fake.calls.start).toHaveLength(0);
    expect(await onDisk(job.id)).toMatchObject({ state: 'canceled' });
    expect((await onDisk(job.id)).startSentAt).toBeUndefined();
  });

  it('cancel while the start is on its way says "Stop waiting" and keeps the run collectable', async () => {
    h = await createHarness();
    let release = () => {};
    h.fake.startGate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const job = await h.engine.queue(local);
    await waitFor(() => h.fake.inFlightStarts === 1, 'the start request');
    const canceled = await h.engine.cancel(job.id);
    expect(canceled.error?.message).toMatch(
      /Stopped waiting while the start request was on its way/,
    );
    release();
    await h.engine.idle();
    const after = await onDisk(job.id);
    expect(after).toMatchObject({ state: 'canceled', executionId: 'exec-1' });
    expect(after.error?.message).toMatch(/credits are spent/);
    expect(h.fake.calls.getRun).toHaveLength(0);
    // "Check again" collects the paid run without a second start.
    await h.engine.retry(job.id);
    await h.engine.idle();
    expect(await onDisk(job.id)).toMatchObject({ state: 'done', executionId: 'exec-1' });
    expect(h.fake.calls.start).toHaveLength(1);
  });

  it('cancel right after the start answered never leaves a "running" job nobody polls', async () => {
    h = await createHarness();
    const { startRun } = h.fake.api;
    let cancel: Promise<RenderManifest> | undefined;
    h.fake.api.startRun = async (...args) => {
      const started = await startRun(...args);
      cancel = h.engine.cancel(h.updates[0]?.id as string);
      return started;
    };
    const job = await h.engine.queue(local);
    await waitFor(() => cancel !== undefined, 'the cancel');
    await cancel;
    const pollsWhenCanceled = h.fake.calls.getRun.length;
    await h.engine.idle();
    const after = await onDisk(job.id);
    expect(after).toMatchObject({ state: 'canceled', executionId: 'exec-1' });
    expect(after.error?.message).toMatch(/Stopped waiting/);
    expect(h.fake.calls.getRun).toHaveLength(pollsWhenCanceled);
  });

  it('a start WeShop refused while the user stopped waiting says no credits were used', async () => {
    h = await createHarness();
    let release = () => {};
    h.fake.startGate = new Promise<void>((resolve) => {
      release = resolve;
    });
    h.fake.startFailures.push(new KlingError('insufficient-credits', 'Not enough credits'));
    const job = await h.engine.queue(local);
    await waitFor(() => h.fake.inFlightStarts === 1, 'the start request');
    await h.engine.cancel(job.id);
    release();
    await h.engine.idle();
    const after = await onDisk(job.id);
    expect(after.state).toBe('canceled');
    expect(after.startSentAt).toBeUndefined();
    expect(after.error?.message).toMatch(/refused the start.*no credits were used/);
  });
});

describe('batches across executions', () => {
  it('downloads what a mixed run delivered and ends partial with the reason', async () => {
    h = await createHarness();
    const url = h.cdn.add('/mixed/0.mp4', videoBytesFor('mixed', 0));
    h.fake.scripts.push({
      states: ['Running', 'Failed'],
      videos: [{ index: 0, url }],
      message: 'content policy',
    });
    const job = await h.engine.queue({ ...local, batchCount: 2 });
    await h.engine.idle();
    const after = await onDisk(job.id);
    expect(after).toMatchObject({
      state: 'partial',
      serverMessage: 'content policy',
      videos: [{ index: 0, file: 'video-1.mp4' }],
    });
    expect(after.error?.message).toMatch(/delivered 1 of 2 videos: content policy/);
    const file = await readFile(join(h.library.folderOf(job.id), 'video-1.mp4'));
    expect(file.equals(videoBytesFor('mixed', 0))).toBe(true);
    // Retry is not how a partial render goes on (it would drop paid videos)…
    expect(isKlingError(await h.engine.retry(job.id).catch((e) => e), 'invalid-input')).toBe(true);
    // …"Render the missing 1" is: a new render of just the missing count.
    const missing = await h.engine.renderMissing(job.id);
    expect(missing.request.batchCount).toBe(1);
    await h.engine.idle();
    expect((await onDisk(missing.id)).state).toBe('done');
    expect(h.fake.calls.upload).toHaveLength(1); // the uploaded image is reused
  });

  it('a "Success" run with fewer videos than the batch is partial, not done', async () => {
    h = await createHarness();
    const url = h.cdn.add('/short/0.mp4', videoBytesFor('short', 0));
    h.fake.scripts.push({ states: ['Success'], videos: [{ index: 0, url }] });
    const job = await h.engine.queue({ ...local, batchCount: 3 });
    await h.engine.idle();
    expect(await onDisk(job.id)).toMatchObject({
      state: 'partial',
      videos: [{ file: 'video-1.mp4' }],
    });
  });

  it('keeps polling while an execution still runs, even if the snapshot says Success', async () => {
    h = await createHarness();
    h.fake.scripts.push({
      states: ['Success', 'Success', 'Success'],
      final: () => h.fake.calls.getRun.length >= 3,
    });
    const job = await h.engine.queue({ ...local, batchCount: 2 });
    await h.engine.idle();
    expect(h.fake.calls.getRun).toHaveLength(3);
    expect(await onDisk(job.id)).toMatchObject({ state: 'done' });
  });
});

describe('a Success answer without videos', () => {
  it('is asked again: an envelope that left the results out does not lose the videos', async () => {
    h = await createHarness();
    const script = { states: ['Success' as const], videos: [] as { index: number; url: string }[] };
    h.fake.scripts.push(script);
    const { getRun } = h.fake.api;
    h.fake.api.getRun = async (...args) => {
      const snapshot = await getRun(...args);
      // The first answer carried the state only; the next one has the video.
      script.videos = [{ index: 0, url: h.cdn.add('/late/0.mp4', videoBytesFor('late', 0)) }];
      return snapshot;
    };
    const job = await h.engine.queue(local);
    await h.engine.idle();
    expect(h.fake.calls.getRun).toHaveLength(2);
    expect(await onDisk(job.id)).toMatchObject({
      state: 'done',
      videos: [{ file: 'video-1.mp4' }],
    });
  });

  it('fails as "no videos" only after asking a few times', async () => {
    h = await createHarness();
    h.fake.scripts.push({ states: ['Success'], videos: [] });
    const job = await h.engine.queue(local);
    await h.engine.idle();
    expect(h.fake.calls.getRun).toHaveLength(EMPTY_SUCCESS_POLLS);
    expect((await onDisk(job.id)).error?.message).toMatch(/returned no videos/);
  });
});

describe('polling never loops silently', () => {
  it('shows the problem on the job after several failed polls, and clears it after', async () => {
    h = await createHarness();
    for (let i = 0; i < POLL_PROBLEM_AFTER; i++)
      h.fake.getRunFailures.push(
        new KlingError('network', 'connection reset', { retryable: true }),
      );
    const job = await h.engine.queue(local);
    await h.engine.idle();
    const warnings = h.updates.filter((u) => u.id === job.id && u.warning).map((u) => u.warning);
    expect(warnings[0]).toMatch(
      /Could not check the run 3 times in a row.*connection reset.*Still trying/,
    );
    const final = await onDisk(job.id);
    expect(final.state).toBe('done');
    expect(final.warning).toBeUndefined();
  });

  it('honours Retry-After on polls, capped at 10 minutes', async () => {
    h = await createHarness();
    h.fake.getRunFailures.push(
      new KlingError('rate-limited', 'slow down', { retryable: true, retryAfterMs: 3_600_000 }),
    );
    await h.engine.queue(local);
    await h.engine.idle();
    expect(h.clock.requested).toContain(MAX_RETRY_AFTER_MS);
    expect(Math.max(...h.clock.requested)).toBeLessThanOrEqual(MAX_RETRY_AFTER_MS * 1.1);
  });

  it('a start answered 429 waits for Retry-After and goes again by itself', async () => {
    h = await createHarness();
    h.fake.startFailures.push(
      new KlingError('rate-limited', 'too many runs', { retryable: true, retryAfterMs: 20_000 }),
    );
    const job = await h.engine.queue(local);
    await h.engine.idle();
    expect(h.fake.calls.start.map((c) => c.idempotencyKey)).toEqual([
      job.idempotencyKey,
      job.idempotencyKey,
    ]);
    expect(h.clock.requested).toContain(20_000);
    expect(h.updates.some((u) => u.warning?.includes('WeShop is busy'))).toBe(true);
    expect(await onDisk(job.id)).toMatchObject({ state: 'done' });
  });

  it('an upload answered 429 with a long Retry-After waits on the job and goes again', async () => {
    h = await createHarness();
    h.fake.uploadFailures.push(
      new KlingError('rate-limited', 'slow down', { retryable: true, retryAfterMs: 90_000 }),
    );
    const job = await h.engine.queue(local);
    await h.engine.idle();
    expect(h.fake.calls.upload).toHaveLength(2);
    expect(h.clock.requested).toContain(90_000);
    expect(h.updates.some((u) => u.warning?.includes('uploading again in 90 s'))).toBe(true);
    expect(await onDisk(job.id)).toMatchObject({ state: 'done' });
  });

  it('stops re-sending a rate-limited start after a bounded number of tries', async () => {
    h = await createHarness();
    const { engine } = await h.restart({ startRateLimitAttempts: 3 });
    for (let i = 0; i < 5; i++)
      h.fake.startFailures.push(
        new KlingError('rate-limited', 'too many runs', { retryable: true }),
      );
    const job = await engine.queue(local);
    await engine.idle();
    expect(h.fake.calls.start).toHaveLength(3);
    const after = await onDisk(job.id);
    expect(after).toMatchObject({ state: 'failed', error: { kind: 'rate-limited' } });
    expect(after.startSentAt).toBeUndefined();
  });
});

describe('links that expired', () => {
  it('polls the run once more for fresh links when the CDN says 403/404/410', async () => {
    h = await createHarness();
    const fresh = h.cdn.add('/fresh/0.mp4', videoBytesFor('fresh', 0));
    const script = {
      states: ['Success' as const],
      videos: [{ index: 0, url: `${h.cdn.base}/expired/0.mp4` }],
    };
    h.fake.scripts.push(script);
    const { getRun } = h.fake.api;
    h.fake.api.getRun = async (...args) => {
      const snapshot = await getRun(...args);
      script.videos = [{ index: 0, url: fresh }]; // later polls hand out a fresh link
      return snapshot;
    };
    const job = await h.engine.queue(local);
    await h.engine.idle();
    expect(h.fake.calls.getRun).toHaveLength(2);
    const after = await onDisk(job.id);
    expect(after).toMatchObject({ state: 'done', videos: [{ url: fresh, file: 'video-1.mp4' }] });
  });
});

describe('clocks', () => {
  it('a run resumed after the wall clock moved back is polled at once, not after the gap', async () => {
    h = await createHarness();
    h.fake.defaultScript = { states: ['Running', 'Running', 'Success'] };
    const job = await h.engine.queue(local);
    await waitFor(() => h.fake.calls.getRun.length >= 1, 'a first poll');
    await h.engine.close();
    // The machine's clock is set back a day (it was wrong, or the time zone changed).
    const back = createVirtualClock(new Date(h.clock.nowMs() - 86_400_000).toISOString());
    const { engine } = await h.restart({ now: back.now, sleep: back.sleep });
    await engine.resume();
    await engine.idle();
    expect(await onDisk(job.id)).toMatchObject({ state: 'done' });
    // Before: a negative age turned into a one-day wait before the first poll.
    expect(Math.max(...back.requested)).toBeLessThan(60_000);
  });
});

describe('server text is redacted before it is stored', () => {
  it('a failure reason that echoes the key is stored without it', async () => {
    h = await createHarness();
    const { engine } = await h.restart({ redact: (text) => text.replaceAll('sk-SECRET', '[key]') });
    h.fake.scripts.push({ states: ['Failed'], message: 'bad key sk-SECRET in header' });
    const job = await engine.queue(local);
    await engine.idle();
    const after = await onDisk(job.id);
    expect(after.serverMessage).toBe('bad key [key] in header');
    expect(JSON.stringify(after)).not.toContain('sk-SECRET');
  });
});

describe('cancel and claims (several processes on one library)', () => {
  it('refuses to cancel a job another live instance drives, and says where', async () => {
    h = await createHarness();
    let release = () => {};
    h.fake.startGate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const job = await h.engine.queue(local);
    await waitFor(() => h.fake.inFlightStarts === 1, 'the start request');
    const other = await h.restart();
    const refused = await other.engine.cancel(job.id).catch((e) => e);
    expect(isKlingError(refused, 'invalid-input')).toBe(true);
    expect(refused.message).toMatch(/driven by another Kling Studio process/);
    release();
    await h.engine.idle();
    expect(await onDisk(job.id)).toMatchObject({ state: 'done' });
  });

  it('a job canceled while waiting in the queue is free for another instance at once', async () => {
    h = await createHarness({ concurrency: 1 });
    let release = () => {};
    h.fake.startGate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await h.engine.queue(local);
    const waiting = await h.engine.queue(local);
    await waitFor(() => h.fake.inFlightStarts === 1, 'the first start');
    await h.engine.cancel(waiting.id);
    const other = await h.restart();
    expect(await other.library.driver(waiting.id)).toBeNull();
    release();
    await h.engine.idle();
  });
});
