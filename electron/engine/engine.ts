import { KlingError, messageOf } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { describeIssues, RenderRequest } from '../../shared/render-request';
import { sleep as realSleep } from '../../shared/sleep';
import type { ManifestMutation } from '../library/library';
import { createKeyedSerializer } from '../library/serialize';
import { createUploadCache } from '../library/upload-cache';
import { attachRun } from './attach';
import { createEmitter } from './events';
import { nodeHttpGet } from './http-get';
import { createImageUploads } from './image-uploads';
import { markFailed } from './job-context';
import { createJobRunner } from './job-runner';
import { cancelRender } from './operations/cancel';
import type { OperationContext } from './operations/context';
import { renderMissing } from './operations/render-missing';
import { rerunRender } from './operations/rerun';
import { retryRender } from './operations/retry';
import { createRateLimiter, DEFAULT_POLL_POLICY } from './poll-policy';
import { homeRunIdStore } from './recover-run-ids';
import { resumeJobs } from './resume-jobs';
import { createScheduler, PRIORITY_NEW } from './scheduler';
import { keepSourceImage } from './steps/source-image';
import type { Engine, EngineDeps, EngineEvents, EngineLog } from './types';
import { createUnsavedRuns } from './unsaved-runs';

export type { Engine, EngineDeps } from './types';

const silentLog: EngineLog = { info: () => {}, warn: () => {}, error: () => {} };
export function createEngine(deps: EngineDeps): Engine {
  const { library } = deps;
  const now = deps.now ?? (() => new Date());
  // An injected clock (tests) drives intervals too; in the app they use a monotonic clock.
  const monotonicNow =
    deps.monotonicNow ?? (deps.now ? () => now().getTime() : () => performance.now());
  const log = deps.log ?? silentLog;
  const sleep = deps.sleep ?? realSleep;
  const random = deps.random ?? Math.random;
  const poll = { ...DEFAULT_POLL_POLICY, ...deps.poll };
  const emitter = createEmitter<EngineEvents>((event, error) =>
    log.error({ event: String(event), error: String(error) }, 'an engine event listener failed'),
  );

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

  const runIds = deps.runIds ?? homeRunIdStore(library.home, log);
  const unsaved = createUnsavedRuns(emitter.emit);

  const runJob = createJobRunner({
    library,
    api: deps.api,
    images,
    download: deps.download ?? nodeHttpGet,
    now,
    monotonicNow,
    sleep,
    random,
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
    runIds,
    unsaved,
    redact: deps.redact ?? ((text) => text),
    emit: emitter.emit,
    log,
  });

  async function change(id: string, mutate: ManifestMutation): Promise<RenderManifest> {
    const manifest = await library.update(id, mutate);
    emitter.emit('job:update', manifest);
    return manifest;
  }

  const scheduler = createScheduler({
    library,
    log,
    concurrency: deps.concurrency ?? 2,
    runJob,
    async onCrash(id, error) {
      // A bug or a disk error: record it on the job rather than let it escape.
      const message = messageOf(error);
      log.error({ id, error: message }, 'job stopped by an unexpected error');
      // markFailed turns it into needs-attention when a start may have reached WeShop.
      await change(
        id,
        markFailed(now, { kind: 'internal', message: `Something went wrong: ${message}` }),
      ).catch((saveError: unknown) =>
        log.error({ id, error: String(saveError) }, 'could not record the error on the job'),
      );
    },
  });
  const { enqueue } = scheduler;

  function assertOpen(): void {
    if (scheduler.closed) throw new KlingError('internal', 'The render engine has been closed');
  }

  /** What the operations on one render (operations/*.ts) work with. */
  const ops: OperationContext = {
    library,
    scheduler,
    now,
    log,
    emit: emitter.emit,
    change,
    oneAtATime: createKeyedSerializer(),
    assertOpen,
  };

  return {
    async queue(input, options) {
      assertOpen();
      const parsed = RenderRequest.safeParse(input);
      if (!parsed.success) throw new KlingError('invalid-input', describeIssues(parsed.error));
      const manifest = await library.create(parsed.data, options);
      emitter.emit('job:update', manifest);
      await enqueue(manifest.id, PRIORITY_NEW);
      return manifest;
    },

    cancel: (id) => cancelRender(ops, id),

    retry: (id, options) => retryRender(ops, id, options),

    renderMissing: (id) => renderMissing(ops, id),

    rerun: (id) => rerunRender(ops, id),

    async attach(id, executionId) {
      assertOpen();
      return attachRun({ library, api: deps.api, scheduler, change, now, log }, id, executionId);
    },

    forget: (id) => scheduler.stop(id, 'forget'),

    async resume() {
      assertOpen();
      return resumeJobs({
        library,
        scheduler,
        change,
        now,
        log,
        findRunIds: () => runIds.find(),
        keepSourceImage: (id) => keepSourceImage({ library, emit: emitter.emit, log }, id),
      });
    },

    setConcurrency(n) {
      if (!Number.isInteger(n) || n < 1)
        throw new KlingError('invalid-input', 'Concurrency must be a whole number of at least 1');
      scheduler.setConcurrency(n);
    },

    on: emitter.on,

    idle: () => scheduler.idle(),

    unsavedRuns: () => unsaved.list(),

    async close(options) {
      await scheduler.close(options);
      try {
        await library.flush();
      } catch (error) {
        // index.json is a cache: every render is safe in its render.json, the journal names
        // what the index lacks, and the next open rebuilds it. Never a reason to fail a close.
        log.error({ error: messageOf(error) }, 'the library index could not be saved');
      }
    },
  };
}
