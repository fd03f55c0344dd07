import { mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { z } from 'zod';
import { coreError, renderNotFound } from '../../shared/errors';
import type { IPC, IpcResponse } from '../../shared/ipc';
import { refusalError } from '../../shared/issues-said';
import { sequenceVideoIndexes } from '../../shared/sequence';
import { checkVariations } from '../../shared/variations';
import { continueRender } from '../continue/continue-render';
import { exportSequence } from '../continue/export-sequence';
import { readSequence } from '../continue/sequence-chain';
import { inspectImage } from '../images/inspect';
import { recipeOf } from '../media/mp4-recipe';
import { setDepsFromCore } from '../variations/core-set';
import { queueSet, totalOf } from '../variations/queue-set';
import type { Core } from './core';
import type { PlatformServices } from './platform';

type Channel =
  | 'render:queue-set'
  | 'render:estimate-set'
  | 'render:continue'
  | 'sequence:get'
  | 'sequence:export';
type Handlers = {
  [C in Channel]: (request: z.infer<(typeof IPC)[C]['request']>) => Promise<IpcResponse<C>>;
};

/** As render:queue refuses them: a relative path or one that climbs with "..". */
function assertPlainAbsolute(path: string): void {
  if (!isAbsolute(path) || path.split(/[\\/]/).includes('..')) {
    throw coreError('invalid-input', 'endFramePathNotPlain', { path });
  }
}

/** PNG bytes of a data: URL the renderer made (the schema already checked its prefix). */
const pngBytes = (dataUrl: string) =>
  Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');

/**
 * The creative loop over IPC: a set of variations (estimate, queue), Continue from a frame
 * the renderer captured, and a sequence (its renders, its export). Payloads were validated by the dispatch;
 * the set is checked whole again (checkVariations) before anything is sent.
 */
export function creativeHandlers(core: Core, platform: PlatformServices): Handlers {
  const { library } = core;
  return {
    'render:estimate-set': async (request) => {
      const check = checkVariations(request);
      if (!check.ok) throw refusalError(check);
      // As for queueing the set: a video WeShop cannot fetch is refused before any estimate.
      for (const each of check.requests) core.checkReferenceVideo(each);
      const { estimate } = setDepsFromCore(core);
      const figures = await Promise.all(check.requests.map((r) => estimate(r)));
      const total = totalOf(figures);
      return { total, count: check.requests.length };
    },
    'render:queue-set': async (request) => {
      const { setId, renders } = await queueSet(setDepsFromCore(core), request);
      core.logger.info('set queued', { setId, renders: renders.length });
      return { setId, renders: renders.map(core.view) };
    },
    'render:continue': async ({ id, frameDataUrl, ...choice }) => {
      const manifest = await continueRender(
        {
          home: core.home,
          read: (renderId) => library.read(renderId),
          folderOf: (renderId) => library.folderOf(renderId),
          // The renderer decoded the frame (Chromium plays H.264); main only keeps it.
          writeLastFrame: async (_video, png) => {
            await mkdir(join(core.home, 'frames'), { recursive: true });
            await writeFile(png, pngBytes(frameDataUrl));
          },
          inspectImage,
          // The end frame the person picked: checked as render:queue checks any picture.
          checkPicture: async (path) => {
            assertPlainAbsolute(path);
            await core.checkImage(path);
          },
          queue: (request, options) => core.engine.queue(request, options),
        },
        { id, ...choice },
      );
      core.logger.info('render continued', {
        from: id,
        id: manifest.id,
        frame: manifest.request.image,
        ...(manifest.request.endFrame ? { endFrame: manifest.request.endFrame } : {}),
      });
      return core.view(manifest);
    },
    'sequence:get': async ({ id }) => {
      const chain = await readSequence(library, id);
      if (chain.length === 0) throw renderNotFound(id);
      return chain.map(core.view);
    },
    'sequence:export': async ({ id }) => {
      const chain = await readSequence(library, id);
      if (chain.length === 0) throw renderNotFound(id);
      const indexes = sequenceVideoIndexes(chain);
      const clips = chain.flatMap((render, i) => {
        const file = render.videos.find((v) => v.index === indexes[i])?.file;
        const path = file && join(library.folderOf(render.id), file);
        return path ? [{ id: render.id, file: path, recipe: recipeOf(render) }] : [];
      });
      if (clips.length < chain.length) {
        throw coreError('invalid-input', 'sequenceNotDownloaded', {
          missing: chain.length - clips.length,
          total: chain.length,
        });
      }
      if (!platform.chooseExportFolder) {
        throw coreError('internal', 'needsDesktopSequence');
      }
      const parent = await platform.chooseExportFolder();
      if (parent === null) return { folder: null, files: [] };
      const folder = join(parent, `kling-sequence-${chain[0]?.id ?? id}`);
      const files = await exportSequence(clips, folder, (why) =>
        core.logger.warn('sequence clip copied without its settings', { why }),
      );
      return { folder, files };
    },
  };
}
