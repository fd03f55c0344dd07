import PQueue from 'p-queue';
import type { Library } from '../library/library';
import type { EngineLog } from './types';

/** Jobs already paid for (a run id exists) go ahead of jobs that have not started. */
export const PRIORITY_STARTED = 1;
export const PRIORITY_NEW = 0;

interface ActiveJob {
  controller: AbortController;
  /** Aborted only by a forced close: gives up even a paid run's unsaved id. */
  quit: AbortController;
  done: Promise<void>;
}

export interface SchedulerDeps {
  library: Pick<Library, 'claim' | 'release'>;
  log: EngineLog;
  concurrency: number;
  /** Runs one job to its end (or until the signal aborts; `quit`: not even a run id is saved). */
  runJob: (id: string, signal: AbortSignal, quit: AbortSignal) => Promise<void>;
  /** A job's run threw: record it on the job (never rethrows). */
  onCrash: (id: string, error: unknown) => Promise<void>;
}

/**
 * Which jobs run in this process, and when: the p-queue (concurrency, priority), the claim
 * each queued job holds (one live process drives each job) and the running jobs' abort
 * controllers. The engine decides what a job should do; this decides that it runs once.
 */
export function createScheduler(deps: SchedulerDeps) {
  const { library, log } = deps;
  const queue = new PQueue({ concurrency: deps.concurrency });
  /**
   * Ids waiting in the queue or running, each with the token of its queue entry: an entry
   * left behind by a cancel + retry finds a different token and does nothing, so a job never
   * runs twice at once.
   */
  const scheduled = new Map<string, symbol>();
  const active = new Map<string, ActiveJob>();
  /** Ids whose claim is being taken (enqueue is async; a second call must not add twice). */
  const claiming = new Set<string>();
  let closed = false;

  /** Lets other processes take the job (claims: one live process drives each job). */
  async function releaseClaim(id: string): Promise<void> {
    await library
      .release(id)
      .catch((error: unknown) =>
        log.error({ id, error: String(error) }, 'could not release the claim on the job'),
      );
  }

  async function runTracked(id: string, token: symbol): Promise<void> {
    if (scheduled.get(id) !== token) {
      // Canceled, forgotten or re-queued while waiting; only a re-queued job stays claimed.
      if (!scheduled.has(id) && !active.has(id)) await releaseClaim(id);
      return;
    }
    const controller = new AbortController();
    const quit = new AbortController();
    let finish = () => {};
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    active.set(id, { controller, quit, done });
    try {
      await deps.runJob(id, controller.signal, quit.signal);
    } catch (error) {
      await deps.onCrash(id, error);
    } finally {
      active.delete(id);
      if (scheduled.get(id) === token) scheduled.delete(id);
      // Ended, stopped or closed: another process may take it now (a retry keeps it here).
      if (!scheduled.has(id)) await releaseClaim(id);
      finish();
    }
  }

  return {
    get closed() {
      return closed;
    },

    isScheduled: (id: string) => scheduled.has(id),

    releaseClaim,

    /** Resolves once the job's current run (if any) has ended. */
    settled: async (id: string) => {
      await active.get(id)?.done;
    },

    /**
     * Queues the job if this process can claim it (no other live process drives it). The
     * claim comes first, so a job waiting in the queue is protected too. False if not queued.
     */
    async enqueue(id: string, priority: number): Promise<boolean> {
      if (closed || scheduled.has(id) || claiming.has(id)) return scheduled.has(id);
      claiming.add(id);
      let claimed: Awaited<ReturnType<typeof library.claim>>;
      try {
        claimed = await library.claim(id);
      } finally {
        claiming.delete(id);
      }
      if (!claimed.ok) {
        log.info({ id, owner: claimed.owner }, 'job left to the process that drives it');
        return false;
      }
      if (closed) {
        await releaseClaim(id);
        return false;
      }
      const token = Symbol(id);
      scheduled.set(id, token);
      // runTracked records its own errors on the job; anything else is a bug worth a log line.
      queue
        .add(() => runTracked(id, token), { priority })
        .catch((error: unknown) => log.error({ id, error: String(error) }, 'queue entry failed'));
      return true;
    },

    /** A canceled job: out of the queue, its run aborted; a waiting one lets its claim go. */
    async cancel(id: string): Promise<void> {
      scheduled.delete(id);
      const running = active.get(id);
      running?.controller.abort('cancel');
      if (!running) await releaseClaim(id); // it was only waiting in the queue
    },

    setConcurrency(n: number) {
      queue.concurrency = n;
    },

    async idle() {
      while (scheduled.size > 0 || queue.size > 0 || queue.pending > 0) {
        await queue.onIdle();
        await Promise.all([...active.values()].map((job) => job.done));
      }
    },

    /**
     * Stops every job; waits for them (a paid run's id still being saved keeps its job going
     * until it is on disk). `force`: that save is given up too (also when called again while
     * an earlier close is waiting).
     */
    async close(options: { force?: boolean } = {}) {
      closed = true;
      queue.clear(); // waiting jobs stay 'queued' on disk and resume next time
      for (const id of [...scheduled.keys()]) {
        if (active.has(id)) continue;
        scheduled.delete(id);
        await releaseClaim(id); // its queue entry will never run: let another process have it
      }
      const running = [...active.values()];
      for (const job of running) {
        job.controller.abort('close');
        if (options.force) job.quit.abort('quit');
      }
      await Promise.all(running.map((job) => job.done));
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
