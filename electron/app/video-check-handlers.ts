import { coreError, renderNotFound } from '../../shared/errors';
import { probeVideoUrl } from '../weshop/video-probe';
import type { Core } from './core';

/**
 * video:check-url: whether a library render's WeShop video link still answers, for New render's
 * "Pick from library". The link is read from the library (never taken from the page) and asked
 * by video-probe.ts with a plain fetch: the API key never goes to the video's host.
 */
export function videoCheckHandlers(core: Core) {
  return {
    'video:check-url': async ({ id, videoIndex }: { id: string; videoIndex: number }) => {
      const manifest = await core.library.read(id);
      if (!manifest) throw renderNotFound(id);
      const video = manifest.videos.find((each) => each.index === videoIndex);
      if (!video) {
        throw coreError('not-found', 'noVideo', { id, number: videoIndex + 1 });
      }
      const check = await probeVideoUrl(video.url);
      if (!check.ok) core.logger.info('library video link does not answer', { id, videoIndex });
      return check;
    },
  };
}
