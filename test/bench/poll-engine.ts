import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../electron/engine/engine';
import type { FinishPrediction } from '../../electron/engine/finish-predictor';
import { createRateLimiter, DEFAULT_POLL_POLICY } from '../../electron/engine/poll-policy';
import type { EngineLog } from '../../electron/engine/types';
import { createLibrary, type Library } from '../../electron/library/library';
import { createWeShopClient } from '../../electron/weshop/client';
import type { WeShopApi } from '../../electron/weshop/types';
import { sleep } from '../../shared/sleep';
import { FIXTURES } from '../emulator/fixtures';
import type { RunningEmulator } from '../emulator/server';
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
const PHASE_LIMIT_MS = 4 * 60_000;

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
}) {
  const { emulator, plans, inTurn } = options;
  const home = await mkdtemp(join(options.workDir, `poll-${options.name}-`));
  const records = new Map<string, RunRecord>();
  const predictions = new Map<string, FinishPrediction>();
  const countingFetch: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const id = (init?.method ?? 'GET') === 'GET' ? RUN_PATH.exec(new URL(url).pathname)?.[1] : null;
    const record = id ? records.get(decodeURIComponent(id)) : undefined;
    if (record) record.oursRequests++;
    return fetch(input, init);
  };
  const limiter = createRateLimiter({
    max: DEFAULT_POLL_POLICY.maxRequests,
    perMs: DEFAULT_POLL_POLICY.perMs,
    now: () => performance.now(),
    sleep,
  });
  const client = createWeShopClient({
    apiBase: emulator.apiBase,
    getKey: async () => emulator.apiKey,
    fetch: countingFetch,
    beforeRequest: (signal, attempt) => (attempt > 1 ? limiter.acquire(signal) : Promise.resolve()),
  });
  const api: WeShopApi = {
    ...client,
    startRun: (request, imageUrl, key, startOptions) =>
      inTurn(async () => {
        const plan = plans.get(request.prompt);
        if (!plan) throw new Error(`no plan for "${request.prompt}"`);
        emulator.setTimings(plan.timings);
        const sentAt = Date.now();
        const run = await client.startRun(request, imageUrl, key, startOptions);
        const record: RunRecord = {
          plan,
          executionId: run.executionId,
          successAt: sentAt + runLengthOf(plan),
          oursRequests: 0,
        };
        if (plan.group !== 'teach') {
          record.loop = pollEveryThreeSeconds(emulator, run.executionId, PHASE_LIMIT_MS);
          record.loop.catch(() => undefined); // awaited (and reported) by render()
        }
        records.set(run.executionId, record);
        return run;
      }),
    async getRun(executionId, getOptions) {
      const snapshot = await client.getRun(executionId, getOptions);
      const record = records.get(executionId);
      if (record && snapshot.state === 'Success') record.oursSeenAt ??= Date.now();
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
  const library: Library = createLibrary({ home });
  const engine: Engine = createEngine({ library, api, limiter, log, concurrency: 64 });

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
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('polling bench: phase took too long')),
          PHASE_LIMIT_MS,
        );
      });
      try {
        await Promise.race([engine.idle(), limit]);
        const mine = [...records.values()].filter((r) => group.includes(r.plan));
        await Promise.race([Promise.all(mine.map((r) => r.loop)), limit]);
        const states = await Promise.all(ids.map(async (id) => (await library.read(id))?.state));
        if (states.some((s) => s !== 'done')) throw new Error(`not every job is done: ${states}`);
        for (const r of mine) {
          if (r.oursSeenAt === undefined) throw new Error(`run ${r.executionId} never seen done`);
          const prediction = predictions.get(r.executionId);
          if (prediction) r.prediction = prediction;
        }
        return mine;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await engine.close();
      await library.close();
    },
  };
}
