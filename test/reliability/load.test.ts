import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { JobState } from '../../shared/job';
import { FIXTURES } from '../emulator/fixtures';
import { recordCounts } from './support/counts';
import { isLeftover, listFiles } from './support/files';
import { expectVideosMatch, maxStartsPerKey, type Stack, startStack } from './support/stack';

/**
 * 200 queued jobs, 8 at a time, against the emulator with short timings: every job ends done
 * with its video, starts follow queue order (as far as 8 parallel slots allow), never more
 * than 8 in flight, no unhandled rejection, and the heap stays bounded.
 */

const JOBS = 200;
const CONCURRENCY = 8;
const IN_FLIGHT: readonly JobState[] = ['uploading', 'starting', 'running', 'downloading'];
/** Generous: 200 small manifests and their events; a leak of file bodies would be far more. */
const HEAP_GROWTH_LIMIT = 200 * 1024 * 1024;

let stack: Stack | undefined;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);
let counted: Record<string, number> | undefined;

afterEach(async () => {
  process.off('unhandledRejection', onRejection);
  await stack?.close();
  stack = undefined;
});
afterAll(async () => {
  if (counted) await recordCounts('load', counted);
});

describe('load', () => {
  it(`${JOBS} jobs at concurrency ${CONCURRENCY}: all done, in order, bounded`, async () => {
    process.on('unhandledRejection', onRejection);
    stack = await startStack({
      emulator: { timings: { pendingMs: 10, segmentingMs: 10, runningMs: 30 } },
      engine: {
        concurrency: CONCURRENCY,
        poll: { initialDelayMs: 20, quietMaxDelayMs: 20, maxRequests: 2_000, perMs: 1_000 },
      },
    });
    const { engine, library, emulator } = stack;
    const states = new Map<string, JobState>();
    let inFlight = 0;
    let maxInFlight = 0;
    engine.on('job:update', (m) => {
      const before = states.get(m.id);
      states.set(m.id, m.state);
      const was = before !== undefined && IN_FLIGHT.includes(before);
      const is = IN_FLIGHT.includes(m.state);
      inFlight += Number(is) - Number(was);
      maxInFlight = Math.max(maxInFlight, inFlight);
    });

    const heapBefore = process.memoryUsage().heapUsed;
    const queueOrder: string[] = [];
    for (let i = 0; i < JOBS; i++) {
      const m = await engine.queue({ image: FIXTURES.pngImage, prompt: `load job ${i}` });
      queueOrder.push(m.idempotencyKey);
    }
    await engine.idle();
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;

    const { items } = await library.list({ sort: 'oldest' });
    expect(items).toHaveLength(JOBS);
    expect(items.filter((m) => m.state !== 'done').map((m) => [m.id, m.state, m.error])).toEqual(
      [],
    );
    let videos = 0;
    for (const m of items) videos += await expectVideosMatch(emulator, library, m);
    expect(videos).toBe(JOBS);

    // Each job started exactly once.
    expect(emulator.runCount()).toBe(JOBS);
    expect(maxStartsPerKey(emulator)).toBe(1);

    // Queue order: job k can only start once at most 7 earlier jobs are still unstarted
    // (they hold the other slots), so at least k-7 earlier jobs started before it.
    const rank = new Map(queueOrder.map((key, index) => [key, index]));
    const startOrder = emulator.requests
      .filter((r) => r.origin === 'api' && r.method === 'POST' && r.path.endsWith('/agent/runs'))
      .map((r) => rank.get(r.headers['idempotency-key'] ?? '') ?? -1);
    expect(startOrder).toHaveLength(JOBS);
    expect(new Set(startOrder).size).toBe(JOBS);
    const outOfOrder = startOrder.filter((k, position) => {
      const earlierBefore = startOrder.slice(0, position).filter((j) => j < k).length;
      return earlierBefore < k - (CONCURRENCY - 1);
    });
    expect(outOfOrder).toEqual([]);

    expect(maxInFlight).toBeLessThanOrEqual(CONCURRENCY);
    expect(maxInFlight).toBeGreaterThan(1); // it did run in parallel
    expect(inFlight).toBe(0);
    expect(rejections).toEqual([]);
    expect(heapGrowth).toBeLessThan(HEAP_GROWTH_LIMIT);
    await library.flush();
    expect((await listFiles(stack.home)).filter(isLeftover)).toEqual([]);

    counted = {
      jobs: JOBS,
      concurrency: CONCURRENCY,
      maxInFlight,
      videos,
      heapGrowthMB: Math.round(heapGrowth / 1024 / 1024),
    };
  }, 90_000);
});
