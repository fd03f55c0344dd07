import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import PQueue from 'p-queue';
import { KlingError } from '../../shared/errors';
import { isTerminal, type JobState, type RenderManifest } from '../../shared/job';
import { describeIssues, RenderRequest } from '../../shared/render-request';
import type { ManifestMutation } from '../library/library';
import { createEmitter } from './events';
import { nodeHttpGet } from './http-get';
import { createJobRunner } from './job-runner';
import { createRateLimiter, DEFAULT_POLL_POLICY } from './poll-policy';
import { needsAttentionError } from './start-errors';
import type { Engine, EngineDeps, EngineEvents, ResumeSummary, SleepFn } from './types';

export type { Engine, EngineDeps, EngineEvents, ResumeSummary } from './types';

const realSleep: SleepFn = (ms, signal) => delay(ms, undefined, signal ? { signal } : {});

const RETRYABLE_STATES: readonly JobState[] = ['failed', 'canceled', 'needs-attention'];
/** Jobs already paid for (a run id exists) go ahead of jobs that have not started. */
const PRIORITY_STARTED = 1;
const PRIORITY_NEW = 0;

interface ActiveJob {
  controller: AbortController;
  done: Promise<void>;
}

export function createEngine(deps: EngineDeps): Engine {
  const { library } = deps;
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? realSleep;
  const random = deps.random ?? Math.random;
  const poll = { ...DEFAULT_POLL_POLICY, ...deps.poll };
  const emitter = createEmitter<EngineEvents>();
  const queue = new PQueue({ concurrency: deps.concurrency ?? 2 });
  /**
   * Ids waiting in the queue or running, each with the token of its queue entry: an entry
   * left behind by a cancel + retry finds a different token and does nothing, so a job never
   * runs twice at once.
   */
  const scheduled = new Map<string, symbol>();
  const active = new Map<string, ActiveJob>();
  let closed = false;

  const runJob = createJobRunner({
    library,
    api: deps.api,
    download: deps.download ?? nodeHttpGet,
    now,
    sleep,
    random,
    poll,
    limiter: createRateLimiter({
      max: poll.maxRequests,
      perMs: poll.perMs,
      now: () => now().getTime(),
      sleep,
    }),
    downloads: {
      parallel: deps.downloads?.parallel ?? 2,
      maxAttempts: deps.downloads?.maxAttempts ?? 6,
      retryBaseMs: deps.downloads?.retryBaseMs ?? 500,
      progressIntervalMs: deps.downloads?.progressIntervalMs ?? 250,
    },
    emit: emitter.emit,
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

  async function runTracked(id: string, token: symbol): Promise<void> {
    if (scheduled.get(id) !== token) return; // canceled, forgotten or re-queued while waiting
    const controller = new AbortController();
    let finish = () => {};
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    active.set(id, { controller, done });
    try {
      await runJob(id, controller.signal);
    } catch (error) {
      // A bug or a disk error: record it on the job rather than let it escape.
      const message = error instanceof Error ? error.message : String(error);
      await change(id, (m) => {
        m.state = 'failed';
        m.error = { kind: 'internal', message: `Something went wrong: ${message}` };
        m.history.push(historyEntry('failed', message));
      }).catch(() => undefined);
    } finally {
      active.delete(id);
      if (scheduled.get(id) === token) scheduled.delete(id);
      finish();
    }
  }

  function enqueue(id: string, priority: number): void {
    if (closed || scheduled.has(id)) return;
    const token = Symbol(id);
    scheduled.set(id, token);
    queue.add(() => runTracked(id, token), { priority }).catch(() => undefined);
  }

  async function mustRead(id: string): Promise<RenderManifest> {
    const manifest = await library.read(id);
    if (!manifest) throw new KlingError('not-found', `No render with id ${id}`);
    return manifest;
  }

  async function stop(id: string, reason: string): Promise<void> {
    scheduled.delete(id);
    const job = active.get(id);
    if (!job) return;
    job.controller.abort(reason);
    await job.done;
  }

  function assertOpen(): void {
    if (closed) throw new KlingError('internal', 'The render engine has been closed');
  }

  return {
    async queue(input) {
      assertOpen();
      const parsed = RenderRequest.safeParse(input);
      if (!parsed.success) throw new KlingError('invalid-input', describeIssues(parsed.error));
      const manifest = await library.create(parsed.data);
      emitter.emit('job:update', manifest);
      enqueue(manifest.id, PRIORITY_NEW);
      return manifest;
    },

    async cancel(id) {
      const current = await mustRead(id);
      if (isTerminal(current.state)) return current;
      scheduled.delete(id);
      active.get(id)?.controller.abort('cancel');
      const message = current.executionId
        ? 'Canceled here: Kling Studio stopped checking this run. WeShop has no cancel endpoint, so the run may still finish on its side and use credits.'
        : current.startSentAt
          ? 'Canceled while the start request was on its way: WeShop has no cancel endpoint, so a run may still have started.'
          : 'Canceled before it started: no credits were used.';
      return change(id, (m) => {
        m.state = 'canceled';
        m.error = { kind: 'canceled', message };
        m.history.push(historyEntry('canceled', message));
      });
    },

    async retry(id) {
      assertOpen();
      const current = await mustRead(id);
      if (!RETRYABLE_STATES.includes(current.state)) {
        throw new KlingError(
          'invalid-input',
          `Only failed, canceled or needs-attention renders can be retried; this one is ${current.state}`,
        );
      }
      await active.get(id)?.done; // a canceled job may still be finishing its start request
      const updated = await change(id, (m) => {
        const remoteEnded = m.remoteState === 'Failed' || m.remoteState === 'Canceled';
        let message: string;
        if (m.state === 'needs-attention') {
          // The user's explicit choice: start again, with the SAME Idempotency-Key.
          delete m.startSentAt;
          message = 'Retry: starting again with the same Idempotency-Key';
        } else if (m.executionId && !remoteEnded) {
          // The run exists and may be done: check it (and download) instead of paying again.
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
        m.state = 'queued';
        m.history.push(historyEntry('queued', message));
      });
      enqueue(id, updated.executionId ? PRIORITY_STARTED : PRIORITY_NEW);
      return updated;
    },

    async rerun(id) {
      assertOpen();
      const source = await mustRead(id);
      const options = source.uploadedImageUrl ? { uploadedImageUrl: source.uploadedImageUrl } : {};
      const manifest = await library.create(source.request, options);
      emitter.emit('job:update', manifest);
      enqueue(manifest.id, PRIORITY_NEW);
      return manifest;
    },

    forget: (id) => stop(id, 'forget'),

    async resume(): Promise<ResumeSummary> {
      assertOpen();
      await library.repair();
      const summary: ResumeSummary = { resumed: [], needsAttention: [] };
      const { items } = await library.list({ sort: 'oldest' });
      for (const m of items) {
        if (isTerminal(m.state) || scheduled.has(m.id)) continue;
        if (!m.executionId && m.startSentAt) {
          // The process died between sending the start and saving its answer: never start again.
          const attention = needsAttentionError(undefined);
          await change(m.id, (d) => {
            d.state = 'needs-attention';
            d.error = attention.toJSON();
            d.history.push(historyEntry('needs-attention', attention.message));
          });
          summary.needsAttention.push(m.id);
          continue;
        }
        summary.resumed.push(m.id);
        enqueue(m.id, m.executionId ? PRIORITY_STARTED : PRIORITY_NEW);
      }
      return summary;
    },

    setConcurrency(n) {
      if (!Number.isInteger(n) || n < 1)
        throw new KlingError('invalid-input', 'Concurrency must be a whole number of at least 1');
      queue.concurrency = n;
    },

    on: emitter.on,

    async idle() {
      while (scheduled.size > 0 || queue.size > 0 || queue.pending > 0) {
        await queue.onIdle();
        await Promise.all([...active.values()].map((job) => job.done));
      }
    },

    async close() {
      closed = true;
      queue.clear(); // waiting jobs stay 'queued' on disk and resume next time
      for (const id of [...scheduled.keys()]) if (!active.has(id)) scheduled.delete(id);
      const running = [...active.values()];
      for (const job of running) job.controller.abort('close');
      await Promise.all(running.map((job) => job.done));
      await library.flush();
    },
  };
}
