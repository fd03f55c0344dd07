import type { z } from 'zod';
import type { IPC, IpcResponse } from '../../shared/ipc';
import { listCatalogFolder } from '../variations/catalog-folder';
import { checkCatalog, estimateCatalog, queueCatalog } from '../variations/catalog-set';
import { catalogDepsFromCore } from '../variations/core-catalog';
import type { Core } from './core';

type Channel = 'images:list-folder' | 'render:estimate-catalog' | 'render:queue-catalog';
type Handlers = {
  [C in Channel]: (request: z.infer<(typeof IPC)[C]['request']>) => Promise<IpcResponse<C>>;
};

/**
 * Catalog sets over IPC: a dropped folder listed, the set checked and priced, then queued as
 * one set. Payloads were validated by the dispatch; each picture is checked again here (a bad
 * one is listed and skipped), and the caps are judged in main before anything is queued.
 */
export function catalogHandlers(core: Core): Handlers {
  return {
    'images:list-folder': ({ path }) => listCatalogFolder(path),
    'render:estimate-catalog': async (request) => {
      const deps = catalogDepsFromCore(core);
      return estimateCatalog(deps, await checkCatalog(deps, request));
    },
    'render:queue-catalog': async (request) => {
      const queued = await queueCatalog(catalogDepsFromCore(core), request);
      core.logger.info('catalog set queued', {
        setId: queued.setId,
        renders: queued.ids.length,
        skipped: queued.skipped.length,
      });
      return queued;
    },
  };
}
