import { stat } from 'node:fs/promises';
import type { Core } from '../app/core';
import { inspectImage } from '../images/inspect';
import { setDepsFromCore } from '../variations/core-set';
import type { JoinDeps } from './join-storyboard';
import type { StoryboardDeps } from './queue-storyboard';
import type { RerenderDeps } from './rerender';
import { createStoryboardStore, type StoryboardStore } from './storyboard-store';

/** The library's storyboards; an unreadable record goes to the support log (never silently). */
export const storyboardStoreOf = (core: Core): StoryboardStore =>
  createStoryboardStore(core.home, (message, fields) => core.logger.warn(message, fields));

/**
 * A storyboard's dependencies from the core, the same for the app and the CLI: pictures checked
 * by inspectImage, uploaded through prepareImage (once per content, the upload cache), each
 * transition estimated by the credits estimator and queued by the engine; `env` says where
 * ffmpeg is (KLING_FFMPEG, PATH).
 */
export function storyboardDepsFromCore(
  core: Core,
  env: Record<string, string | undefined>,
  store = storyboardStoreOf(core),
) {
  const set = setDepsFromCore(core);
  const queueDeps: Omit<StoryboardDeps, 'onTotal'> = {
    inspectImage,
    keepKeyframes: store.keepKeyframes,
    uploadImage: set.uploadImage,
    estimate: set.estimate,
    queue: set.queue,
    save: store.save,
    discard: store.discard,
  };
  const rerenderDeps: Omit<RerenderDeps, 'onTotal'> = {
    ...queueDeps,
    store,
    readRender: (id) => core.library.read(id),
    driver: (id) => core.library.driver(id),
    claim: (id) => core.library.claim(id),
    release: (id) => core.library.release(id),
  };
  const joinDeps: JoinDeps = {
    store,
    readRender: (id) => core.library.read(id),
    renderFolder: (id) => core.library.folderOf(id),
    env,
    fileExists: (path) =>
      stat(path).then(
        (s) => s.isFile(),
        () => false,
      ),
  };
  return { store, queueDeps, rerenderDeps, joinDeps };
}
