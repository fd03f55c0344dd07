import { randomUUID } from 'node:crypto';
import { KlingError, messageOf, renderNotFound } from '../../shared/errors';
import {
  isRetryable,
  isTerminal,
  type JobState,
  missingVideoCount,
  type RenderManifest,
  startOutcomeUnknown,
} from '../../shared/job';
import { describeIssues, RenderRequest } from '../../shared/render-request';
import { retryStartsNewRun } from '../../shared/rerun-cost';
import { sleep as realSleep } from '../../shared/sleep';
import type { ManifestMutation } from '../library/library';
import { createUploadCache } from '../library/upload-cache';
import { attachRun } from './attach';
import { createEmitter } from './events';
import { nodeHttpGet } from './http-get';
import { createImageUploads } from './image-uploads';
import { markFailed } from './job-context';
import { createJobRunner } from './job-runner';
import { createRateLimiter, DEFAULT_POLL_POLICY } from './poll-policy';
import { resumeJobs } from './resume-jobs';
import { createScheduler, PRIORITY_NEW, PRIORITY_STARTED } from './scheduler';
import {
  CANCELED_BEFORE_START,
  STOPPED_WAITING_AFTER_START_SENT,
  STOPPED_WAITING_ON_RUN,
} from './start-errors';
import { keepSourceImage } from './steps/source-image';
import type { Engine, EngineDeps, EngineEvents, EngineLog } from './types';

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
    redact: deps.redact ?? ((text) => text),
    emit: emitter.emit,
    log,
  });

  async function change(id: string, mutate: ManifestMutation): Promise<RenderManifest> {
    const manifest = await library.update(id, mutate);
    emitter.emit('job:update', manifest);
    return manifest;
  }

  const historyEntry = (state: JobState, message: string) => ({
    state,
    at: now().toISOString(),
    message,
  });

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

  async function mustRead(id: string): Promise<RenderManifest> {
    const manifest = await library.read(id);
    if (!manifest) throw renderNotFound(id);
    return manifest;
  }

  function assertOpen(): void {
    if (scheduler.closed) throw new KlingError('internal', 'The render engine has been closed');
  }

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

    async cancel(id) {
      const current = await mustRead(id);
      if (!isTerminal(current.state)) {
        // Only the driving process can make "cancel" and "start" exclusive (its updates are
        // serialised): a job another live process drives is canceled there, never here.
        const driver = await library.driver(id);
        if (driver !== null && driver !== 'this') {
          throw new KlingError(
            'invalid-input',
            `This render is being driven by another Kling Studio process (${driver}); cancel it there, or wait for it to finish.`,
          );
        }
      }
      // The decision is made inside the serialised update: a start whose startSentAt is on
      // disk may be on its way (Stop waiting); one not yet written is never sent after this.
      const updated = await change(id, (m) => {
        if (isTerminal(m.state)) return m;
        const message = m.executionId
          ? STOPPED_WAITING_ON_RUN
          : m.startSentAt
            ? STOPPED_WAITING_AFTER_START_SENT
            : CANCELED_BEFORE_START;
        m.state = 'canceled';
        m.error = { kind: 'canceled', message };
        delete m.warning;
        m.history.push(historyEntry('canceled', message));
      });
      // Waiting in this process's queue, it never ran: the copy it owes is made now, while
      // the claim is still held (a running job's runner makes it as it stops).
      if (scheduler.isScheduled(id)) {
        await keepSourceImage({ library, emit: emitter.emit, log }, id);
      }
      await scheduler.cancel(id);
      return updated;
    },

    async retry(id, options = {}) {
      assertOpen();
      const current = await mustRead(id);
      if (!isRetryable(current.state)) {
        throw new KlingError(
          'invalid-input',
          `Only failed, canceled or needs-attention renders can be retried; this one is ${current.state}`,
        );
      }
      if (startOutcomeUnknown(current) && !options.confirmChargeTwice) {
        throw new KlingError(
          'needs-attention',
          "This render's start may have reached WeShop without its run id coming back, so starting it again may charge twice. Confirm to retry anyway (the same Idempotency-Key is sent, which lets WeShop spot a duplicate).",
        );
      }
      await scheduler.settled(id); // a canceled job may still be finishing its start request
      const updated = await change(id, (m) => {
        if (!isRetryable(m.state)) return m;
        let message: string;
        if (startOutcomeUnknown(m)) {
          // The user's explicit, confirmed choice: start again, with the SAME Idempotency-Key.
          delete m.startSentAt;
          message = 'Retry (confirmed): starting again with the same Idempotency-Key';
        } else if (!retryStartsNewRun(m)) {
          // The run exists and may be done: check it (and download) instead of paying again.
          // (Delivered videos are paid for: never replaced by a new run, only downloaded.)
          message = 'Retry: checking the existing run again';
        } else {
          if (m.executionId) m.idempotencyKey = randomUUID(); // a new run needs a new key
          delete m.executionId;
          delete m.startSentAt;
          delete m.remoteState;
          delete m.serverMessage;
          m.videos = [];
          message = 'Retry: starting a new run';
        }
        delete m.error;
        delete m.warning;
        m.state = 'queued';
        m.history.push(historyEntry('queued', message));
      });
      if (updated.state === 'queued')
        await enqueue(id, updated.executionId ? PRIORITY_STARTED : PRIORITY_NEW);
      return updated;
    },

    async renderMissing(id) {
      assertOpen();
      const source = await mustRead(id);
      const missing = missingVideoCount(source);
      if (source.state !== 'partial' || missing === 0) {
        throw new KlingError(
          'invalid-input',
          `Only a partial render has missing videos to render; this one is ${source.state}`,
        );
      }
      const options = source.uploadedImageUrl ? { uploadedImageUrl: source.uploadedImageUrl } : {};
      const manifest = await library.create({ ...source.request, batchCount: missing }, options);
      emitter.emit('job:update', manifest);
      await enqueue(manifest.id, PRIORITY_NEW);
      return manifest;
    },

    async rerun(id) {
      assertOpen();
      const source = await mustRead(id);
      const options = source.uploadedImageUrl ? { uploadedImageUrl: source.uploadedImageUrl } : {};
      const manifest = await library.create(source.request, options);
      emitter.emit('job:update', manifest);
      await enqueue(manifest.id, PRIORITY_NEW);
      return manifest;
    },

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

    async close() {
      await scheduler.close();
      await library.flush();
    },
  };
}
