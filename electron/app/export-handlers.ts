import type { z } from 'zod';
import { coreError, renderNotFound } from '../../shared/errors';
import type { IPC, IpcResponse } from '../../shared/ipc';
import { exportRender, saveVideoCopy, suggestedVideoName } from '../library/export';
import type { Core } from './core';
import type { PlatformServices } from './platform';

type Channel = 'render:save-video' | 'render:export';
type Handlers = {
  [C in Channel]: (request: z.infer<(typeof IPC)[C]['request']>) => Promise<IpcResponse<C>>;
};

/**
 * Save video as… and Export render: the shell asks where (its dialogs, through platform),
 * library/export.ts copies. The renderer names only a render and a video index, never a
 * path; payloads are validated by the dispatch before these run.
 */
export function exportHandlers(core: Core, platform: PlatformServices): Handlers {
  const manifestOf = async (id: string) => {
    const manifest = await core.library.read(id);
    if (!manifest) throw renderNotFound(id);
    return manifest;
  };
  const resolveMediaFile = (id: string, file: string) => core.library.resolveMediaFile(id, file);
  const plainCopyNote = (id: string) => (why: string) =>
    core.logger.warn('video copied without its settings', { id, why });
  return {
    'render:save-video': async ({ id, videoIndex }) => {
      const manifest = await manifestOf(id);
      if (!manifest.videos.some((video) => video.index === videoIndex && video.file)) {
        throw coreError('not-found', 'videoNotDownloaded', { number: videoIndex + 1 });
      }
      if (!platform.chooseVideoSavePath) {
        throw coreError('internal', 'needsDesktopSave');
      }
      const destination = await platform.chooseVideoSavePath(
        suggestedVideoName(manifest, videoIndex),
      );
      if (destination === null) return { path: null };
      const path = await saveVideoCopy({
        manifest,
        videoIndex,
        destination,
        resolveMediaFile,
        onPlainCopy: plainCopyNote(id),
      });
      core.logger.info('video saved', { id, videoIndex });
      return { path };
    },
    'render:export': async ({ id }) => {
      const manifest = await manifestOf(id);
      if (!manifest.videos.some((video) => video.file)) {
        throw coreError('not-found', 'nothingToExport');
      }
      if (!platform.chooseExportFolder) {
        throw coreError('internal', 'needsDesktopExport');
      }
      const parent = await platform.chooseExportFolder();
      if (parent === null) return { folder: null, files: [] };
      const result = await exportRender({
        manifest,
        parent,
        resolveMediaFile,
        onPlainCopy: plainCopyNote(id),
      });
      core.logger.info('render exported', { id, files: result.files.length });
      return result;
    },
  };
}
