import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../electron/engine/engine';
import type { FinishPrediction } from '../../electron/engine/finish-predictor';
import { httpGetFromFetch } from '../../electron/engine/http-get';
import { createRateLimiter, DEFAULT_POLL_POLICY } from '../../electron/engine/poll-policy';
import type { EngineLog } from '../../electron/engine/types';
import { createLibrary, type Library } from '../../electron/library/library';
import { createWeShopClient } from '../../electron/weshop/client';
import type { WeShopApi } from '../../electron/weshop/types';
import { FIXTURES } from '../emulator/fixtures';
import type { RunningEmulator } from '../emulator/server';
import type { BenchTime } from './bench-time';
import { type FixedLoopResult, pollEveryThreeSeconds } from './poll-fixed-loop';
import { type PlannedRun, runLengthOf } from './poll-workload';

/** What happened to one planned run, seen by both pollers. */
export interface RunRecord {
  plan: PlannedRun;
  executionId: string;
  /**
   * The emulator's Success moment: Date.now() just before the start request left + the run's
   * length. The emulator starts the run a little later, so this is never later than the real
   * moment and every lag measured from it is, if anything, too long (for both pollers).
   */
  successAt: number;
  /** When our engine's poll first answered Success (Date.now()). */
  oursSeenAt?: number;
  /** Our status requests for this run: every GET of it, client retries included. */
  oursRequests: number;
  /** How our engine predicted it (logged by the poll step). */
  prediction?: FinishPrediction;
  /** The 3 s loop polling the same run (not for the runs that only teach). */
  loop?: Promise<FixedLoopResult>;
}

/** Starts go one at a time: each sets the emulator's timings for the run it creates. */
export function serialStarts() {
  let chain: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const turn = chain.then(work);
    chain = turn.catch(() => undefined);
    return turn;
  };
}

const RUN_PATH = /\/agent\/runs\/([^/?]+)$/;

/**
 * One library with the real engine (default poll policy, real clock) and the real WeShop
 * client against the emulator, wired like the app's core: one request cap shared by the
 * engine's polls and the client's retries.
 */
export async function openBenchStudio(options: {
  workDir: string;
  name: string;
  emulator: RunningEmulator;
  plans: ReadonlyMap<string, PlannedRun>;
  inTurn: ReturnType<typeof serialStarts>;
  time: BenchTime;
  /** How long (bench time) one phase may take. */
  phaseLimitMs: number;
}) {
  const { emulator, plans, inTurn, time } = options;
  const home = await mkdtemp(join(options.workDir, `poll-${options.name}-`));
  const records = new Map<string, RunRecord>();
  const predictions = new Map<string, FinishPrediction>();
  const countingFetch: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const id = (init?.method ?? 'GET') === 'GET' ? RUN_PATH.exec(new URL(url).pathname)?.[1] : null;
    const record = id ? records.get(decodeURIComponent(id)) : undefined;
    if (record) record.oursRequests++;
    return time.fetch(input, init);
  };
  const limiter = createRateLimiter({
    max: DEFAULT_POLL_POLICY.maxRequests,
    perMs: DEFAULT_POLL_POLICY.perMs,
    now: time.kind === 'real' ? () => performance.now() : time.nowMs,
    sleep: time.sleep,
  });
  const client = createWeShopClient({
    apiBase: emulator.apiBase,
    getKey: async () => emulator.apiKey,
    fetch: countingFetch,
    sleep: time.sleep,
    beforeRequest: (signal, attempt) => (attempt > 1 ? limiter.acquire(signal) : Promise.resolve()),
  });
  const api: WeShopApi = {
    ...client,
    startRun: (request, imageUrl, key, startOptions) =>
      inTurn(async () => {
        const plan = plans.get(request.prompt);
        if (!plan) throw new Error(`no plan for "${request.prompt}"`);
        emulator.setTimings(plan.timings);
        const sentAt = time.nowMs();
        const run = await client.startRun(request, imageUrl, key, startOptions);
        const record: RunRecord = {
          plan,
          executionId: run.executionId,
          successAt: sentAt + runLengthOf(plan),
          oursRequests: 0,
        };
        if (plan.group !== 'teach') {
          record.loop = pollEveryThreeSeconds(
            emulator,
            run.executionId,
            options.phaseLimitMs,
            time,
          );
          record.loop.catch(() => undefined); // awaited (and reported) by render()
        }
        records.set(run.executionId, record);
        return run;
      }),
    async getRun(executionId, getOptions) {
      const snapshot = await client.getRun(executionId, getOptions);
      const record = records.get(executionId);
      if (record && snapshot.state === 'Success') record.oursSeenAt ??= time.nowMs();
      return snapshot;
    },
  };
  const quiet = () => {};
  const log: EngineLog = {
    info: (fields, message) => {
      if (message !== 'expected finish') return;
      const prediction = fields.prediction as FinishPrediction;
      predictions.set(String(fields.executionId), prediction);
    },
    warn: quiet,
    error: (fields, message) => console.error(`bench engine: ${message}`, fields),
  };
  const library: Library = createLibrary({ home, now: () => new Date(time.nowMs()) });
  // In virtual time every manifest write holds the clock (as an HTTP exchange does).
  const tracked: Library = {
    ...library,
    create: (request, createOptions) => time.track(library.create(request, createOptions)),
    read: (id) => time.track(library.read(id)),
    update: (id, mutate) => time.track(library.update(id, mutate)),
  };
  const engine: Engine = createEngine({
    library: time.kind === 'real' ? library : tracked,
    api,
    limiter,
    log,
    concurrency: 64,
    ...(time.kind === 'real'
      ? {}
      : {
          now: () => new Date(time.nowMs()),
          monotonicNow: time.nowMs,
          sleep: time.sleep,
          download: httpGetFromFetch(time.fetch),
        }),
  });

  return {
    /** Queues every plan at once and waits until both pollers saw each run finish. */
    async render(group: readonly PlannedRun[]): Promise<RunRecord[]> {
      const ids = await Promise.all(
        group.map(
          async (plan) =>
            (
              await engine.queue({
                image: FIXTURES.pngImage,
                prompt: plan.name,
                model: plan.model,
              })
            ).id,
        ),
      );
      await time.waitFor(engine.idle(), options.phaseLimitMs);
      const mine = [...records.values()].filter((r) => group.includes(r.plan));
      await time.waitFor(Promise.all(mine.map((r) => r.loop)), options.phaseLimitMs);
      const states = await Promise.all(ids.map(async (id) => (await library.read(id))?.state));
      if (states.some((s) => s !== 'done')) throw new Error(`not every job is done: ${states}`);
      for (const r of mine) {
        if (r.oursSeenAt === undefined) throw new Error(`run ${r.executionId} never seen done`);
        const prediction = predictions.get(r.executionId);
        if (prediction) r.prediction = prediction;
      }
      return mine;
    },
    async close() {
      await engine.close();
      await library.close();
    },
  };
}
