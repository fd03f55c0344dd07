import { isKlingError, KlingError } from '../../shared/errors';
import { parseRenderVideoRef, resolveReferenceVideo } from '../continue/library-video';
import type { CliIo } from './io';
import { openLibrary } from './open-library';

/**
 * `--ref-video render:<id>[#n]`: that library render's WeShop video link, once it is seen to
 * answer (asked without the key; an expired link is refused with the reason, before any request
 * to WeShop). Any other value is returned unchanged for the request schema to judge.
 */
export async function resolveRefVideoOption<T extends { refVideo?: string }>(
  io: CliIo,
  options: T,
): Promise<T> {
  const typed = options.refVideo?.trim();
  if (typed === undefined || !parseRenderVideoRef(typed)) return options;
  const library = openLibrary(io, { readOnly: true });
  try {
    const url = await resolveReferenceVideo(typed, { read: (id) => library.read(id) });
    return { ...options, refVideo: url };
  } catch (error) {
    // A render that is not there is input to fix (exit 2), as any other bad --ref-video.
    if (isKlingError(error, 'not-found')) {
      throw new KlingError('invalid-input', `--ref-video ${typed}: ${error.message}`);
    }
    throw error;
  } finally {
    await library.close();
  }
}
