import type { QueueSteering } from '../../shared/queue';
import type { Library } from '../library/library';
import { isHeld, type Lane, rankWaiting, type Waiting } from './queue-order';
import type { EngineLog } from './types';

/** Jobs already paid for (a run id exists) go ahead of jobs that have not started. */
export const PRIORITY_STARTED = 1;
export const PRIORITY_NEW = 0;

interface ActiveJob {
  controller: AbortController;
  /** Aborted only by a forced close: gives up even a paid run's unsaved id. */
  quit: AbortController;
  done: Promise<void>;
  setId: string | undefined;
}

export interface SchedulerDeps {
  library: Pick<Library, 'claim' | 'release' | 'read'>;
  log: EngineLog;
  concurrency: number;
  /** Runs one job to its end (or until the signal aborts; `quit`: not even a run id is saved). */
  runJob: (id: string, signal: AbortSignal, quit: AbortSignal) => Promise<void>;
  /** A job's run threw: record it on the job (never rethrows). */
  onCrash: (id: string, error: unknown) => Promise<void>;
  /** The queue's pauses and order now (queue-store.ts); default: nothing paused, oldest first. */
  steering?: () => QueueSteering;
}

const UNSTEERED: QueueSteering = { paused: false, pausedSets: [], order: [] };

/**
 * Which jobs run in this process, and when: the claim each queued job holds (one live process
 * drives each job), the waiting jobs in the order they will be picked up (a paid run first,
 * then new ones in the queue's steered order, skipping paused ones; queue-order.ts), at most
 * `concurrency` running, and the running jobs' abort controllers. The engine decides what a
 * job should do; this decides that it runs once, and when. (A p-queue ran them before: it
 * could neither reorder nor hold a waiting job, so the waiting list is ours now.)
 */
export function createScheduler(deps: SchedulerDeps) {
  const { library, log } = deps;
  const steering = deps.steering ?? (() => UNSTEERED);
  let concurrency = deps.concurrency;
  /**
   * Ids waiting or running, each with the token of its queue entry: an entry left behind by
   * a cancel + retry finds a different token and does nothing, so a job never runs twice at once.
   */
  const scheduled = new Map<string, symbol>();
  /** Claimed and not yet picked up: the only jobs a pause holds or a move reorders. */
  const waiting = new Map<string, Waiting>();
  const active = new Map<string, ActiveJob>();
  /** Ids whose claim is being taken (enqueue is async; a second call must not add twice). */
  const claiming = new Set<string>();
  /** Picked up and not yet ended (≤ concurrency). */
  let inFlight = 0;
  /** > 0 while a batch of enqueues (resume) is added: nothing starts before the order is known. */
  let batching = 0;
  let sequence = 0;
  let closed = false;
  const idleWaiters = new Set<() => void>();
  /**
   * Claim releases under way: a canceled job leaves `active` before its claim is marked
   * released on disk, so close() waits for these too (nothing writes the home after it).
   */
  const releasing = new Set<Promise<void>>();

  function settleIdle(): void {
    holdProcessWhileHeld();
    if (scheduled.size > 0 || inFlight > 0 || waiting.size > 0) return;
    for (const resolve of idleWaiters) resolve();
    idleWaiters.clear();
  }

  /** Lets other processes take the job (claims: one live process drives each job). */
  async function releaseClaim(id: string): Promise<void> {
    const release = library
      .release(id)
      .catch((error: unknown) =>
        log.error({ id, error: String(error) }, 'could not release the claim on the job'),
      );
    releasing.add(release);
    try {
      await release;
    } finally {
      releasing.delete(release);
    }
  }

  /** The next job to run: a paid run first (never held), then the first new one not paused. */
  function pickNext(): Waiting | undefined {
    let paid: Waiting | undefined;
    for (const job of waiting.values()) {
      if (job.lane === 'started' && (!paid || job.sequence < paid.sequence)) paid = job;
    }
    if (paid) return paid;
    const now = steering();
    return rankWaiting([...waiting.values()], now).find((job) => !isHeld(job, now));
  }

  /**
   * While jobs wait and none runs (a pause holds them all), nothing else may keep a CLI's
   * event loop alive: Node would end the process mid-await. A timer does, until they can go.
   */
  let keepAlive: ReturnType<typeof setInterval> | null = null;
  function holdProcessWhileHeld(): void {
    const held = !closed && waiting.size > 0 && inFlight === 0;
    if (held && !keepAlive) keepAlive = setInterval(() => {}, 60_000);
    if (!held && keepAlive) {
      clearInterval(keepAlive);
      keepAlive = null;
    }
  }

  /** Starts waiting jobs while a slot is free. */
  function pump(): void {
    startWhatMayGo();
    holdProcessWhileHeld();
  }

  function startWhatMayGo(): void {
    if (closed || batching > 0) return;
    while (inFlight < concurrency) {
      const next = pickNext();
      if (!next) return;
      waiting.delete(next.id);
      inFlight += 1;
      // runTracked records its own errors on the job; anything else is a bug worth a log line.
      runTracked(next).catch((error: unknown) =>
        log.error({ id: next.id, error: String(error) }, 'queue entry failed'),
      );
    }
  }

  async function runJob(job: Waiting): Promise<void> {
    const { id, token } = job;
    if (scheduled.get(id) !== token) {
      // Canceled, forgotten or re-queued meanwhile; only a re-queued job stays claimed.
      if (!scheduled.has(id) && !active.has(id)) await releaseClaim(id);
      return;
    }
    const controller = new AbortController();
    const quit = new AbortController();
    let finish = () => {};
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    active.set(id, { controller, quit, done, setId: job.setId });
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

  async function runTracked(job: Waiting): Promise<void> {
    try {
      await runJob(job);
    } finally {
      inFlight -= 1;
      pump();
      settleIdle();
    }
  }

  /** The set a job belongs to, for set pauses (its render.json; none if unreadable). */
  async function setOf(id: string): Promise<string | undefined> {
    try {
      return (await library.read(id))?.setId;
    } catch (error) {
      log.warn({ id, error: String(error) }, 'could not read the job to know its set');
      return undefined;
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
      let setId: string | undefined;
      try {
        claimed = await library.claim(id);
        if (claimed.ok) setId = await setOf(id);
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
      const lane: Lane = priority === PRIORITY_NEW ? 'new' : 'started';
      sequence += 1;
      waiting.set(id, { id, token, lane, sequence, setId });
      pump();
      return true;
    },

    /** Adds jobs together (resume): none starts before all are in, so the saved order holds. */
    async batch<T>(add: () => Promise<T>): Promise<T> {
      batching += 1;
      try {
        return await add();
      } finally {
        batching -= 1;
        pump();
      }
    },

    /** The steering changed (a pause, a resume, a move): pick up whatever may go now. */
    reconsider: () => pump(),

    /** New jobs not yet picked up, first to go first (held ones in place), with their set. */
    waitingNew(): readonly Waiting[] {
      const now = steering();
      return rankWaiting([...waiting.values()], now).map((job) => ({
        ...job,
        held: isHeld(job, now),
      }));
    },

    /**
     * Takes waiting jobs out of the running order (still claimed, still scheduled) so a cancel
     * of many can never meet one that started meanwhile. Returns those that were waiting.
     */
    withdraw(ids: readonly string[]): Waiting[] {
      const taken = ids.flatMap((id) => waiting.get(id) ?? []);
      for (const job of taken) waiting.delete(job.id);
      return taken;
    },

    /** A withdrawn job whose cancel failed: back in its place (it keeps its old sequence). */
    putBack(job: Waiting): void {
      if (closed || scheduled.get(job.id) !== job.token) return;
      waiting.set(job.id, job);
      pump();
    },

    /** Jobs under way here (picked up: uploading, started, collecting), with their set. */
    underWay(): { id: string; setId: string | undefined }[] {
      return [...active.entries()].map(([id, job]) => ({ id, setId: job.setId }));
    },

    /** A canceled job: out of the queue, its run aborted; a waiting one lets its claim go. */
    async cancel(id: string): Promise<void> {
      scheduled.delete(id);
      waiting.delete(id);
      const running = active.get(id);
      running?.controller.abort('cancel');
      if (!running) await releaseClaim(id); // it was only waiting in the queue
      settleIdle();
    },

    setConcurrency(n: number) {
      concurrency = n;
      pump();
    },

    /** Resolves when nothing waits or runs here (a paused queue is not idle). */
    async idle() {
      await new Promise<void>((resolve) => {
        idleWaiters.add(resolve);
        settleIdle();
      });
    },

    /**
     * Stops every job; waits for them (a paid run's id still being saved keeps its job going
     * until it is on disk). `force`: that save is given up too (also when called again while
     * an earlier close is waiting).
     */
    async close(options: { force?: boolean } = {}) {
      closed = true;
      // Waiting jobs stay 'queued' on disk and resume next time.
      for (const id of [...waiting.keys()]) {
        waiting.delete(id);
        scheduled.delete(id);
        await releaseClaim(id); // it will never run here: let another process have it
      }
      const running = [...active.values()];
      for (const job of running) {
        job.controller.abort('close');
        if (options.force) job.quit.abort('quit');
      }
      await Promise.all(running.map((job) => job.done));
      // A job that ended (a cancel) just before close may still be releasing its claim.
      await Promise.all([...releasing]);
      settleIdle();
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
