import { coreError, KlingError, messageOf } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { describeIssues, RenderRequest } from '../../shared/render-request';
import { nextStepOnDiskError, THEN_RESUME, THEN_RETRY } from '../library/disk-errors';
import type { ManifestMutation } from '../library/library';
import { createKeyedSerializer } from '../library/serialize';
import { attachRun } from './attach';
import { createCrashRecorder } from './crash-record';
import { createJobRunner } from './job-runner';
import { cancelRender } from './operations/cancel';
import type { OperationContext } from './operations/context';
import { renderMissing } from './operations/render-missing';
import { rerunRender } from './operations/rerun';
import { retryRender } from './operations/retry';
import { createQueueControl } from './queue-control';
import { memoryQueueStore } from './queue-store';
import { homeRunIdStore } from './recover-run-ids';
import { resumeJobs } from './resume-jobs';
import { engineBasics, runnerDeps } from './runner-setup';
import { createScheduler, PRIORITY_NEW } from './scheduler';
import { keepSourceImage } from './steps/source-image';
import type { Engine, EngineDeps } from './types';
import { createUnsavedRuns } from './unsaved-runs';

export type { Engine, EngineDeps } from './types';

/**
 * The next step of a disk problem under each thing a user asks for: doing it again, not
 * `resume` (the library's default, right only for work that resume picks up).
 */
const AGAIN = {
  queue: THEN_RETRY,
  cancel: 'then cancel it again',
  retry: 'then retry it again',
  attach: 'then attach the run again',
  renderMissing: 'then ask for the missing videos again',
  rerun: THEN_RETRY,
  steer: 'then do it again',
} as const;

export function createEngine(deps: EngineDeps): Engine {
  const { library } = deps;
  const basics = engineBasics(deps);
  const { now, log, emitter } = basics;
  const runIds = deps.runIds ?? homeRunIdStore(library.home, log);
  const unsaved = createUnsavedRuns(emitter.emit);
  const runJob = createJobRunner(runnerDeps(deps, basics, { runIds, unsaved }));

  async function change(id: string, mutate: ManifestMutation): Promise<RenderManifest> {
    const manifest = await library.update(id, mutate);
    emitter.emit('job:update', manifest);
    return manifest;
  }

  const crashes = createCrashRecorder({
    change,
    now,
    log,
    emit: emitter.emit,
    on: emitter.on,
    resumeStep: deps.resumeStep ?? THEN_RESUME,
  });
  const queueStore = deps.queueStore ?? memoryQueueStore();
  const scheduler = createScheduler({
    library,
    log,
    concurrency: deps.concurrency ?? 2,
    runJob,
    onCrash: crashes.record,
    steering: queueStore.current,
  });
  const { enqueue } = scheduler;
  const queueControl = createQueueControl({
    store: queueStore,
    scheduler,
    cancel: (id) => cancelRender(ops, id),
    queuedOnDisk: async (id) => {
      const manifest = await library.read(id);
      return manifest?.state === 'queued' && !manifest.startSentAt;
    },
    changed: (state) => emitter.emit('queue:changed', state),
  });
  // Another process changed queue.json (e.g. `kling-studio queue pause`): apply it here too.
  const stopSteering = queueStore.onChange(() => {
    scheduler.reconsider();
    emitter.emit('queue:changed', queueControl.state());
  });

  function assertOpen(): void {
    if (scheduler.closed) throw coreError('internal', 'engineClosed');
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
    queue: (input, options) =>
      nextStepOnDiskError(AGAIN.queue, async () => {
        assertOpen();
        const parsed = RenderRequest.safeParse(input);
        if (!parsed.success) throw new KlingError('invalid-input', describeIssues(parsed.error));
        const manifest = await library.create(parsed.data, options);
        emitter.emit('job:update', manifest);
        await enqueue(manifest.id, PRIORITY_NEW);
        return manifest;
      }),

    cancel: (id) => nextStepOnDiskError(AGAIN.cancel, () => cancelRender(ops, id)),

    retry: (id, options) => nextStepOnDiskError(AGAIN.retry, () => retryRender(ops, id, options)),

    renderMissing: (id) => nextStepOnDiskError(AGAIN.renderMissing, () => renderMissing(ops, id)),

    rerun: (id) => nextStepOnDiskError(AGAIN.rerun, () => rerunRender(ops, id)),

    attach: (id, executionId) =>
      nextStepOnDiskError(AGAIN.attach, async () => {
        assertOpen();
        const attachDeps = { library, api: deps.api, scheduler, change, now, log };
        return attachRun(attachDeps, id, executionId);
      }),

    async resume() {
      assertOpen();
      // All in before any starts: the saved order decides which goes first, not the scan.
      return scheduler.batch(() =>
        resumeJobs({
          library,
          scheduler,
          change,
          now,
          log,
          findRunIds: () => runIds.find(),
          keepSourceImage: (id) => keepSourceImage({ library, emit: emitter.emit, log }, id),
        }),
      );
    },

    queueState: () => queueControl.state(),

    controlQueue: (request) =>
      nextStepOnDiskError(AGAIN.steer, async () => {
        assertOpen();
        return queueControl.control(request);
      }),

    moveInQueue: (request) =>
      nextStepOnDiskError(AGAIN.steer, async () => {
        assertOpen();
        return queueControl.move(request);
      }),

    setConcurrency(n) {
      if (!Number.isInteger(n) || n < 1)
        throw new KlingError('invalid-input', 'Concurrency must be a whole number of at least 1');
      scheduler.setConcurrency(n);
    },

    on: emitter.on,

    idle: () => scheduler.idle(),

    unsavedRuns: () => unsaved.list(),

    stoppedUnrecorded: () => crashes.list(),

    async close(options) {
      stopSteering();
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
