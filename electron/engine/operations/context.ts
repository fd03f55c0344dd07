import { type CoreMessageId, coreSaid, saidParam } from '../../../shared/core-messages';
import { coreError, renderNotFound } from '../../../shared/errors';
import type { JobState, RenderManifest, StateChange } from '../../../shared/job';
import type { Library, ManifestMutation } from '../../library/library';
import type { Scheduler } from '../scheduler';
import type { EngineEvents, EngineLog } from '../types';

/**
 * What the engine's operations on one render (cancel, retry, rerun, render-missing) share:
 * the library, the scheduler, the clock and the way a change is saved and announced.
 */
export interface OperationContext {
  library: Library;
  scheduler: Scheduler;
  now: () => Date;
  log: EngineLog;
  emit: <E extends keyof EngineEvents>(event: E, payload: EngineEvents[E]) => void;
  /** Saves a change to a render (serialised per id) and tells listeners. */
  change(id: string, mutate: ManifestMutation): Promise<RenderManifest>;
  /** Runs `task` after any earlier one for the same render in this process has ended. */
  oneAtATime<T>(id: string, task: () => Promise<T>): Promise<T>;
  /** Throws once the engine is closed: nothing new is started then. */
  assertOpen(): void;
}

export async function mustRead(ctx: OperationContext, id: string): Promise<RenderManifest> {
  const manifest = await ctx.library.read(id);
  if (!manifest) throw renderNotFound(id);
  return manifest;
}

export const historyEntry = (
  ctx: Pick<OperationContext, 'now'>,
  state: JobState,
  message: string,
): StateChange => ({ state, at: ctx.now().toISOString(), message });

/** "being driven by another Kling Studio process (…)": cancel and retry say it alike. */
export const drivenElsewhere = (owner: string, whatToDo: CoreMessageId) =>
  coreError('invalid-input', 'drivenElsewhere', {
    owner,
    whatToDo: saidParam(coreSaid(whatToDo)),
  });
