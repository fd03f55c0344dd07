import { KlingError } from '../../../shared/errors';
import type { RenderRequest } from '../../../shared/render-request';
import type { RemoteVideo, RunSnapshot } from '../../../shared/weshop-api';
import type { StartedRun, WeShopApi } from '../../weshop/types';

type RemoteState = RunSnapshot['state'];

export interface FakeRunScript {
  /** States the run reports, one per poll; the last repeats forever. */
  states: RemoteState[];
  /**
   * Videos once the run is final (a Failed run with videos is a batch that was partly
   * delivered). Default: on Success, one per batchCount from `videoUrl`; otherwise none.
   */
  videos?: RemoteVideo[];
  /** Whether the run is final at a state; default: Success, Failed and Canceled are. */
  final?: (state: RemoteState) => boolean;
  message?: string;
  /** What the run says it is (agent, model, batch), as a poll answer may report it. */
  reported?: RunSnapshot['reported'];
}

export interface StartCall {
  request: RenderRequest;
  /** Picture 1's URL (undefined for a text-only render); every picture's: imageUrls. */
  imageUrl: string | undefined;
  imageUrls: string[];
  idempotencyKey: string;
}

interface FakeRun {
  script: FakeRunScript;
  polls: number;
  batchCount: number;
}

/**
 * An in-memory WeShopApi for engine unit tests: records every call, plays scripted run
 * states, and lets a test make the next calls fail or hang. Not a module mock: it is passed
 * to createEngine like the real client.
 */
export function createFakeWeShop(
  options: { videoUrl?: (executionId: string, index: number) => string } = {},
) {
  const videoUrl =
    options.videoUrl ?? ((executionId, index) => `https://cdn.fake/${executionId}/${index}.mp4`);
  const runs = new Map<string, FakeRun>();
  const calls = {
    upload: [] as string[],
    start: [] as StartCall[],
    getRun: [] as string[],
  };
  /** input.taskName of each start, in calls.start's order (what WeShop's history would show). */
  const taskNames: (string | undefined)[] = [];
  const fake = {
    calls,
    taskNames,
    /** Scripts for the next started runs, used in order; afterwards `defaultScript`. */
    scripts: [] as FakeRunScript[],
    defaultScript: { states: ['Pending', 'Running', 'Success'] } as FakeRunScript,
    /** One-shot failures, used in order. */
    uploadFailures: [] as Error[],
    startFailures: [] as Error[],
    getRunFailures: [] as Error[],
    /** When set, startRun waits for it (to hold jobs mid-start). */
    startGate: null as Promise<void> | null,
    inFlightStarts: 0,
    maxInFlightStarts: 0,
    /** Adds a run that exists on "WeShop" without going through startRun (for resume tests). */
    addRun(executionId: string, script: FakeRunScript, batchCount = 1) {
      runs.set(executionId, { script, polls: 0, batchCount });
    },
    api: undefined as unknown as WeShopApi,
  };

  fake.api = {
    async uploadImage(localPath, opts) {
      opts?.signal?.throwIfAborted();
      calls.upload.push(localPath);
      const failure = fake.uploadFailures.shift();
      if (failure) throw failure;
      return `https://uploads.fake/${calls.upload.length}.png`;
    },
    async startRun(request, imageUrls, idempotencyKey, opts): Promise<StartedRun> {
      calls.start.push({
        request,
        imageUrl: imageUrls[0],
        imageUrls: [...imageUrls],
        idempotencyKey,
      });
      taskNames.push(opts?.taskName);
      fake.inFlightStarts++;
      fake.maxInFlightStarts = Math.max(fake.maxInFlightStarts, fake.inFlightStarts);
      try {
        if (fake.startGate) await fake.startGate;
        const failure = fake.startFailures.shift();
        if (failure) throw failure;
        const executionId = `exec-${calls.start.length}`;
        runs.set(executionId, {
          script: fake.scripts.shift() ?? fake.defaultScript,
          polls: 0,
          batchCount: request.batchCount,
        });
        return { executionId, credits: { powerConsumption: 10, powerBalanceAmount: 90 } };
      } finally {
        fake.inFlightStarts--;
      }
    },
    async getRun(executionId, opts) {
      opts?.signal?.throwIfAborted();
      calls.getRun.push(executionId);
      const failure = fake.getRunFailures.shift();
      if (failure) throw failure;
      const run = runs.get(executionId);
      // As the real client maps WeShop's 404 "run not found".
      if (!run) {
        const message = 'WeShop found nothing while checking the run (HTTP 404)';
        throw new KlingError('not-found', message, { status: 404 });
      }
      const states = run.script.states;
      const state = states[Math.min(run.polls, states.length - 1)] as RemoteState;
      run.polls++;
      const final = run.script.final?.(state) ?? ['Success', 'Failed', 'Canceled'].includes(state);
      const snapshot: RunSnapshot = { state, rawState: state, final, videos: [] };
      if (run.script.videos && final) snapshot.videos = run.script.videos;
      else if (state === 'Success') {
        snapshot.videos = Array.from({ length: run.batchCount }, (_, index) => ({
          index,
          url: videoUrl(executionId, index),
        }));
      }
      if (run.script.message) snapshot.message = run.script.message;
      if (run.script.reported) snapshot.reported = run.script.reported;
      return snapshot;
    },
    async estimatePower() {
      return null;
    },
    async testKey() {
      return { ok: true, message: 'fake key' };
    },
  };
  return fake;
}
export type FakeWeShop = ReturnType<typeof createFakeWeShop>;
