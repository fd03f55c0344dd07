import type { EngineEvents, UnsavedRun } from './types';

/**
 * Paid runs whose id is known in this process but not yet in render.json (steps/start.ts keeps
 * retrying the save). Whoever stops the process asks here first: quitting now would leave the
 * run to be recovered from the journal or the log (the CLI says so on Ctrl-C).
 */
export function createUnsavedRuns(
  emit: <E extends keyof EngineEvents>(event: E, payload: EngineEvents[E]) => void,
) {
  const runs = new Map<string, UnsavedRun>();
  return {
    list: (): UnsavedRun[] => [...runs.values()],
    /** A save of the run id failed (again): `problem` says what stops it. */
    failed(run: UnsavedRun): void {
      runs.set(run.id, run);
      emit('run:unsaved', run);
    },
    /** The save loop ended: `saved` when the id is on disk now, else it was given up. */
    settled(id: string, saved: boolean): void {
      const run = runs.get(id);
      if (!run) return;
      runs.delete(id);
      if (saved) emit('run:saved', run);
    },
  };
}
export type UnsavedRuns = ReturnType<typeof createUnsavedRuns>;
