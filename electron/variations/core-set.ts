import type { Core } from '../app/core';
import { inspectImage } from '../images/inspect';
import type { SetDeps } from './queue-set';

/**
 * A set's dependencies from the core, the same for the app and the CLI: the upload goes
 * through prepareImage (once per content, shared with the pick and the upload cache) and each
 * estimate through the credits estimator (one function per render; the set shows the sum). A
 * reference video WeShop could not fetch is refused first, as for a single render.
 */
export function setDepsFromCore(core: Core): Omit<SetDeps, 'onTotal'> {
  return {
    queue: (request, options) => core.engine.queue(request, options),
    inspectImage,
    checkReferenceVideo: (request) => core.checkReferenceVideo(request),
    uploadImage: async (path) => (await core.prepareImage(path)).imageUrl,
    estimate: async (request) => {
      try {
        return (await core.estimator.estimate(request)).credits;
      } catch (error) {
        core.logger.warn('set estimate failed; total unknown', { err: error });
        return null;
      }
    },
  };
}
