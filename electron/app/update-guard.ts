/**
 * When the app may restart into a new version: only while no render is between "start sent"
 * and "run id saved" (shared/job.ts startMayBeInFlight). A restart in that window would leave
 * the render needs-attention on the next start (resume cannot tell whether WeShop took the
 * start, docs/decisions/0001), although nothing went wrong. Any other state is safe: every
 * step is on disk and resume() picks the render up after the restart.
 *
 * Fed with job:update (the app's own renders, and those other processes on the library change,
 * which the core watches); plain code, tested against a render in each state.
 */
import { type RenderView, startMayBeInFlight } from '../../shared/job';

type StartFacts = Pick<RenderView, 'id' | 'state' | 'startSentAt' | 'executionId'>;

export interface UpdateGuard {
  /** Follows one job:update. */
  observe(view: StartFacts): void;
  /** How many renders hold a restart back now. */
  blocking(): number;
  /** Resolves once none does (at once when none does now); `signal` stops waiting. */
  whenClear(signal?: AbortSignal): Promise<void>;
}

export function createUpdateGuard(): UpdateGuard {
  const inFlight = new Set<string>();
  const waiters = new Set<() => void>();
  return {
    observe(view) {
      if (startMayBeInFlight(view)) {
        inFlight.add(view.id);
        return;
      }
      if (!inFlight.delete(view.id) || inFlight.size > 0) return;
      for (const wake of [...waiters]) wake();
    },
    blocking: () => inFlight.size,
    whenClear(signal) {
      if (inFlight.size === 0) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const done = () => {
          waiters.delete(done);
          signal?.removeEventListener('abort', aborted);
          resolve();
        };
        const aborted = () => {
          waiters.delete(done);
          reject(signal?.reason);
        };
        waiters.add(done);
        signal?.addEventListener('abort', aborted, { once: true });
      });
    },
  };
}
