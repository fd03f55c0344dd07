import { capsFromSettings, dayKey, spentOnDay } from '../../shared/credits';
import type { Core } from '../app/core';
import { readLedger } from '../credits/ledger';
import type { CatalogDeps } from './catalog-set';

/**
 * A catalog set's dependencies from the core, the same for the app and the CLI: the picture
 * checks and hash the upload cache keys on (core.checkImage), the estimator (which uploads the
 * one picture it prices through prepareImage, once per content), the engine's queue, and the
 * Settings caps with today's spending from the ledger.
 */
export function catalogDepsFromCore(core: Core): CatalogDeps {
  return {
    checkImage: (path) => core.checkImage(path),
    estimate: (request) => core.estimator.estimate(request),
    queue: (request, options) => core.engine.queue(request, options),
    budget: async () => {
      const caps = capsFromSettings(await core.settings.get());
      if (caps.every((cap) => cap.scope !== 'day')) return { caps, spentToday: 0 };
      try {
        return { caps, spentToday: spentOnDay(await readLedger(core.library), dayKey(new Date())) };
      } catch (error) {
        core.logger.warn('catalog set: the ledger is unreadable; the daily cap goes unchecked', {
          err: error,
        });
        return { caps, spentToday: null };
      }
    },
  };
}
