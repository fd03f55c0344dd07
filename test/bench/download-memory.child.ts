/**
 * Child: 16 runs × batch 4 through the real engine and library, every video downloaded at
 * once from the emulator's CDN (the parent). WeShop itself is the engine tests' in-memory
 * fake, so this process holds nothing but our side of the downloads.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../electron/engine/engine';
import { nodeHttpGet } from '../../electron/engine/http-get';
import { createFakeWeShop } from '../../electron/engine/testing/fake-weshop';
import { createLibrary } from '../../electron/library/library';
import { FIXTURES } from '../emulator/fixtures';
import { childInput, reportResult } from './child';
import { collectGarbage, createPeakTracker } from './memory';

interface Input {
  /** 64 synthetic video URLs: run r (1-based) gets urls[(r - 1) * 4 + index]. */
  urls: string[];
  warmUpUrl: string;
  runs: number;
  batch: number;
}

const { urls, warmUpUrl, runs, batch } = childInput<Input>();
const home = await mkdtemp(join(tmpdir(), 'kling-bench-mem-'));
// Reported after the finally block: reportResult exits the process, which would skip it.
let result: unknown;
try {
  // Loads the transport (node:http) before the baseline: its code is not download memory.
  await (await nodeHttpGet(warmUpUrl, { headers: {} })).body.toArray();

  const fake = createFakeWeShop({
    videoUrl: (executionId, index) => {
      const run = Number(executionId.replace('exec-', ''));
      const url = urls[(run - 1) * batch + index];
      if (!url) throw new Error(`no URL for ${executionId} video ${index}`);
      return url;
    },
  });
  fake.defaultScript = { states: ['Success'] };
  // Starts wait until every job is queued, so the 16 runs are polled and downloaded together.
  let releaseStarts = () => {};
  fake.startGate = new Promise<void>((resolve) => {
    releaseStarts = resolve;
  });
  const library = createLibrary({ home });
  /** Downloads started and not yet saved as finished in their manifest. */
  let inFlight = 0;
  const finishedPerRender = new Map<string, number>();
  let maxInFlight = 0;
  let bytes = 0;
  const engine = createEngine({
    library,
    api: fake.api,
    download: (url, init) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      return nodeHttpGet(url, init);
    },
    concurrency: runs,
    // Every run is polled (once) at about the same moment, so all 64 downloads are requested at once.
    poll: { initialDelayMs: 500, maxRequests: 1_000 },
    downloads: { parallel: batch },
  });
  engine.on('job:update', (m) => {
    if (m.state !== 'downloading' && m.state !== 'done') return;
    const finished = m.videos.filter((v) => v.file).length;
    const seen = finishedPerRender.get(m.id) ?? 0;
    if (finished > seen) {
      inFlight -= finished - seen;
      finishedPerRender.set(m.id, finished);
    }
    if (m.state === 'done') bytes += m.videos.reduce((sum, v) => sum + (v.bytes ?? 0), 0);
  });

  await library.open();
  collectGarbage();
  const tracker = createPeakTracker();
  const baseline = tracker.start();
  const atStart = process.memoryUsage();
  const started = performance.now();
  const ids: string[] = [];
  for (let i = 0; i < runs; i++) {
    const m = await engine.queue({
      image: FIXTURES.pngImage,
      prompt: `bench ${i}`,
      batchCount: batch,
    });
    ids.push(m.id);
  }
  // Older than the first poll delay when released: every run is polled at once.
  await new Promise((resolve) => setTimeout(resolve, 600));
  releaseStarts();
  await engine.idle();
  const seconds = (performance.now() - started) / 1000;
  const peak = tracker.stop();
  const states = await Promise.all(ids.map(async (id) => (await library.read(id))?.state));
  await engine.close();
  await library.close();
  result = {
    baseline,
    peak,
    growth: peak - baseline,
    atPeak: tracker.breakdownAtPeak(),
    atStart,
    bytes,
    maxInFlight,
    seconds,
    states,
  };
} finally {
  await rm(home, { recursive: true, force: true });
}
reportResult(result);
