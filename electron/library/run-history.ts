import type { RenderManifest } from '../../shared/job';
import type { RenderRequest } from '../../shared/render-request';
import type { Library } from './library';

/** What a past render says about run time: its request and when its finish was seen. */
export interface RunSample {
  request: Pick<RenderRequest, 'model' | 'duration' | 'batchCount' | 'generateAudio'>;
  /** A poll sent this many ms after the start found the run still going. */
  notFinalAtMs: number;
  /** A poll answered by this many ms after the start found it at Success. */
  finalByMs: number;
}

/** How many of a model's newest renders are read (recent runs say most about WeShop today). */
export const RUN_HISTORY_LIMIT = 40;

/** The run-time sample of one render, if polling saw its finish (pure, for tests). */
export function runSampleOf(m: RenderManifest): RunSample | null {
  const seen = m.finishSeen;
  if (!seen || seen.finalByMs < seen.notFinalAtMs) return null;
  const { model, duration, batchCount, generateAudio } = m.request;
  return {
    request: { model, duration, batchCount, generateAudio },
    notFinalAtMs: seen.notFinalAtMs,
    finalByMs: seen.finalByMs,
  };
}

/** Run-time samples of the newest finished renders of one model (read from the index in memory). */
export async function recentRunSamples(
  library: Pick<Library, 'list'>,
  model: RenderRequest['model'],
  limit = RUN_HISTORY_LIMIT,
): Promise<RunSample[]> {
  const { items } = await library.list({ model, state: 'done', sort: 'newest', limit });
  return items.map(runSampleOf).filter((sample) => sample !== null);
}
