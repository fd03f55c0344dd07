/**
 * Child: "Queue" to the start request, for a 5 MB local image already picked (its upload done
 * at pick time), against a bare start request, both through the same core on the emulator.
 * Queue goes through the app's own IPC handler (render:queue: path check, local image check,
 * engine.queue), minus Electron's IPC hop. Times are taken inside this process by the fetch
 * the client sends through: when POST /agent/runs is handed to fetch, and when it answered.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../electron/app/core';
import { createIpcDispatch } from '../../electron/app/ipc-handlers';
import { createLogger } from '../../electron/logging/logger';
import { createSecretStore, memoryKeychain } from '../../electron/secrets/store';
import type { PreparedImage } from '../../shared/ipc';
import type { RenderView } from '../../shared/job';
import type { RenderRequest } from '../../shared/render-request';
import { childInput, reportResult } from './child';

interface Input {
  apiBase: string;
  apiKey: string;
  image: string;
  rounds: number;
}

const { apiBase, apiKey, image, rounds } = childInput<Input>();
const home = await mkdtemp(join(tmpdir(), 'kling-bench-queue-'));

/** Start requests as fetch sees them: when each left and when its answer came back. */
const startTimes: Array<{ leftAt: number; answeredAt?: number }> = [];
const timedFetch: typeof fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (init?.method === 'POST' && url.endsWith('/agent/runs')) {
    const times: { leftAt: number; answeredAt?: number } = { leftAt: performance.now() };
    startTimes.push(times);
    const response = await fetch(input, init);
    times.answeredAt = performance.now();
    return response;
  }
  return fetch(input, init);
};

const core = await createCore({
  home,
  secrets: createSecretStore({ env: { WESHOP_API_KEY: apiKey }, keychain: memoryKeychain() }),
  env: { WESHOP_API_BASE: apiBase, WESHOP_API_KEY: apiKey },
  mediaBase: 'http://127.0.0.1:1/media',
  fetch: timedFetch,
  watchLibrary: false,
  // Quiet: the support log is not what is measured.
  logger: createLogger({ dir: join(home, 'logs'), level: 'error', bindings: { proc: 'bench' } }),
});
/**
 * The durable manifest writes on the way (atomic: temp file, fsync, rename), timed where the
 * engine calls them: library.create (the queued job) and library.update (each change; the one
 * before the start request is the startSentAt write).
 */
const writes: Array<{ kind: 'create' | 'update'; from: number; to: number }> = [];
const timedWrite =
  <A extends unknown[], R>(kind: 'create' | 'update', write: (...a: A) => Promise<R>) =>
  async (...args: A): Promise<R> => {
    const from = performance.now();
    const result = await write(...args);
    writes.push({ kind, from, to: performance.now() });
    return result;
  };
core.library.create = timedWrite('create', core.library.create.bind(core.library));
core.library.update = timedWrite('update', core.library.update.bind(core.library));

const dispatch = createIpcDispatch(core, {
  pickImage: async () => image,
  showInFolder: () => undefined,
  openExternal: async () => undefined,
});
const request: RenderRequest = {
  image,
  prompt: 'slow dolly-in, hair moving in the wind',
  agent: 'kling',
  model: 'Kling_3_0',
  duration: '5s',
  generateAudio: false,
  batchCount: 1,
};

async function waitForAnswer(index: number): Promise<{ leftAt: number; answeredAt: number }> {
  const deadline = performance.now() + 30_000;
  for (;;) {
    const times = startTimes[index];
    if (times?.answeredAt !== undefined)
      return { leftAt: times.leftAt, answeredAt: times.answeredAt };
    if (performance.now() > deadline) throw new Error('the start request never answered');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

// Picked: New render's image:prepare uploads it at once (and a warm-up of both paths).
const prepared = await dispatch('image:prepare', { path: image });
if (!prepared.ok) throw new Error(`image:prepare failed: ${prepared.error.message}`);
const { imageUrl } = prepared.value as PreparedImage;
const bare = async () => {
  const t0 = performance.now();
  await core.api.startRun(request, [imageUrl], randomUUID());
  return performance.now() - t0;
};
const queue = async () => {
  const index = startTimes.length;
  const t0 = performance.now();
  const queued = await dispatch('render:queue', request);
  if (!queued.ok) throw new Error(`render:queue failed: ${queued.error.message}`);
  const { leftAt, answeredAt } = await waitForAnswer(index);
  const before = writes.filter((w) => w.from >= t0 && w.to <= leftAt);
  const msOf = (kind: 'create' | 'update') =>
    before.filter((w) => w.kind === kind).reduce((sum, w) => sum + (w.to - w.from), 0);
  const writesBefore = before.length;
  // Nothing more to measure for this job: stop waiting on it (polls would add load).
  await core.engine.cancel((queued.value as RenderView).id).catch(() => undefined);
  return {
    toLeave: leftAt - t0,
    toAnswer: answeredAt - t0,
    createMs: msOf('create'),
    updateMs: msOf('update'),
    writesBefore,
  };
};
await bare();
await queue();

const bareMs: number[] = [];
const toLeaveMs: number[] = [];
const toAnswerMs: number[] = [];
const createMs: number[] = [];
const startSentMs: number[] = [];
const writesBeforeStart: number[] = [];
for (let round = 0; round < rounds; round++) {
  const measureQueue = async () => {
    const measured = await queue();
    toLeaveMs.push(measured.toLeave);
    toAnswerMs.push(measured.toAnswer);
    createMs.push(measured.createMs);
    startSentMs.push(measured.updateMs);
    writesBeforeStart.push(measured.writesBefore);
  };
  const measureBare = async () => {
    bareMs.push(await bare());
  };
  if (round % 2 === 0) {
    await measureQueue();
    await measureBare();
  } else {
    await measureBare();
    await measureQueue();
  }
}
await core.close();
await rm(home, { recursive: true, force: true });
reportResult({ bareMs, toLeaveMs, toAnswerMs, createMs, startSentMs, writesBeforeStart });
