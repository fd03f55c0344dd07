import { KlingError, messageOf } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { describeIssues, RenderRequest } from '../../shared/render-request';
import type { ManifestMutation } from '../library/library';
import { createKeyedSerializer } from '../library/serialize';
import { attachRun } from './attach';
import { markFailed } from './job-context';
import { createJobRunner } from './job-runner';
import { cancelRender } from './operations/cancel';
import type { OperationContext } from './operations/context';
import { renderMissing } from './operations/render-missing';
import { rerunRender } from './operations/rerun';
import { retryRender } from './operations/retry';
import { homeRunIdStore } from './recover-run-ids';
import { resumeJobs } from './resume-jobs';
import { engineBasics, runnerDeps } from './runner-setup';
import { createScheduler, PRIORITY_NEW } from './scheduler';
import { keepSourceImage } from './steps/source-image';
import type { Engine, EngineDeps } from './types';
import { createUnsavedRuns } from './unsaved-runs';

export type { Engine, EngineDeps } from './types';

/** A job's run threw (a bug, a disk error): recorded on the job rather than let escape. */
async function recordCrash(
  ctx: Pick<OperationContext, 'change' | 'now' | 'log'>,
  id: string,
  error: unknown,
): Promise<void> {
  const message = messageOf(error);
  ctx.log.error({ id, error: message }, 'job stopped by an unexpected error');
  // markFailed turns it into needs-attention when a start may have reached WeShop.
  await ctx
    .change(
      id,
      markFailed(ctx.now, { kind: 'internal', message: `Something went wrong: ${message}` }),
    )
    .catch((saveError: unknown) =>
      ctx.log.error({ id, error: String(saveError) }, 'could not record the error on the job'),
    );
}

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

  const scheduler = createScheduler({
    library,
    log,
    concurrency: deps.concurrency ?? 2,
    runJob,
    onCrash: (id, error) => recordCrash({ change, now, log }, id, error),
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
