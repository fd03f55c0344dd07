import { sleep as realSleep } from '../../shared/sleep';
import { createUploadCache } from '../library/upload-cache';
import { createEmitter } from './events';
import { nodeHttpGet } from './http-get';
import { createImageUploads } from './image-uploads';
import type { RunnerDeps } from './job-context';
import { createRateLimiter, DEFAULT_POLL_POLICY } from './poll-policy';
import type { RunIdStore } from './recover-run-ids';
import type { EngineDeps, EngineEvents, EngineLog } from './types';
import type { UnsavedRuns } from './unsaved-runs';

const silentLog: EngineLog = { info: () => {}, warn: () => {}, error: () => {} };

/** The engine's clocks, log and events, each the injected one or the default. */
export function engineBasics(deps: EngineDeps) {
  const now = deps.now ?? (() => new Date());
  // An injected clock (tests) drives intervals too; in the app they use a monotonic clock.
  const monotonicNow =
    deps.monotonicNow ?? (deps.now ? () => now().getTime() : () => performance.now());
  const log = deps.log ?? silentLog;
  const emitter = createEmitter<EngineEvents>((event, error) =>
    log.error({ event: String(event), error: String(error) }, 'an engine event listener failed'),
  );
  return {
    now,
    monotonicNow,
    log,
    emitter,
    sleep: deps.sleep ?? realSleep,
    random: deps.random ?? Math.random,
  };
}
export type EngineBasics = ReturnType<typeof engineBasics>;

/** What the job runner works with: the injected parts, else the defaults of EngineDeps. */
export function runnerDeps(
  deps: EngineDeps,
  basics: EngineBasics,
  runs: { runIds: RunIdStore; unsaved: UnsavedRuns },
): RunnerDeps {
  const { library } = deps;
  const { now, monotonicNow, log, sleep } = basics;
  const poll = { ...DEFAULT_POLL_POLICY, ...deps.poll };
  const images =
    deps.images ??
    createImageUploads({
      api: deps.api,
      cache: createUploadCache({
        home: library.home,
        now,
        warn: (message, fields) => log.warn(fields, message),
      }),
      log,
    });
  return {
    library,
    api: deps.api,
    images,
    download: deps.download ?? nodeHttpGet,
    now,
    monotonicNow,
    sleep,
    random: basics.random,
    poll,
    limiter:
      deps.limiter ??
      createRateLimiter({ max: poll.maxRequests, perMs: poll.perMs, now: monotonicNow, sleep }),
    downloads: {
      parallel: deps.downloads?.parallel ?? 2,
      maxAttempts: deps.downloads?.maxAttempts ?? 6,
      retryBaseMs: deps.downloads?.retryBaseMs ?? 500,
      progressIntervalMs: deps.downloads?.progressIntervalMs ?? 250,
    },
    startRateLimitAttempts: deps.startRateLimitAttempts ?? 5,
    runIds: runs.runIds,
    unsaved: runs.unsaved,
    redact: deps.redact ?? ((text) => text),
    emit: basics.emitter.emit,
    log,
  };
}
