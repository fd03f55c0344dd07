import type { Library } from '../../library/library';
import type { EngineEvents, EngineLog } from '../types';

export interface KeepSourceImageDeps {
  library: Pick<Library, 'keepSourceImage'>;
  emit: <E extends keyof EngineEvents>(event: E, payload: EngineEvents[E]) => void;
  log: EngineLog;
}

/**
 * Makes the input picture copies the render still owes, off the start's path: the runner calls
 * it once the start has left (or the job ended before it), a cancel for a job that never ran,
 * resume for a job a crash interrupted in between. Never throws: a copy that cannot be made
 * is logged and recorded ('missing'), and the render is kept.
 */
export async function keepSourceImage(deps: KeepSourceImageDeps, id: string): Promise<void> {
  try {
    const kept = await deps.library.keepSourceImage(id);
    if (!kept) return;
    deps.emit('job:update', kept.manifest);
    if (kept.missing !== undefined) {
      deps.log.warn(
        { id, reason: kept.missing },
        'an input picture could not be copied into the render folder (moved or deleted?); the render is kept without it',
      );
    }
  } catch (error) {
    deps.log.error({ id, error: String(error) }, 'could not keep the input pictures');
  }
}
