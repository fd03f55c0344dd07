import { isAbsolute } from 'node:path';
import type { z } from 'zod';
import { coreError } from '../../shared/errors';
import type { IPC, IpcResponse } from '../../shared/ipc';
import { refusalError } from '../../shared/issues-said';
import { isRemoteImage } from '../../shared/render-request';
import {
  checkStoryboard,
  currentJoin,
  type Storyboard,
  type StoryboardRequest,
} from '../../shared/storyboard';
import { storyboardDepsFromCore } from '../storyboard/core-storyboard';
import { joinStoryboard, readStoryboard } from '../storyboard/join-storyboard';
import { queueStoryboard } from '../storyboard/queue-storyboard';
import { rerenderTransition } from '../storyboard/rerender';
import { totalOf } from '../variations/queue-set';
import type { Core } from './core';
import type { PlatformServices } from './platform';

type Channel =
  | 'storyboard:estimate'
  | 'storyboard:queue'
  | 'storyboard:list'
  | 'storyboard:get'
  | 'storyboard:rerender'
  | 'storyboard:join';
type Handlers = {
  [C in Channel]: (request: z.infer<(typeof IPC)[C]['request']>) => Promise<IpcResponse<C>>;
};

/** Keyframes are absolute paths from a dialog or a drop; `..` only serves to climb elsewhere. */
function assertPlainKeyframes(request: StoryboardRequest): void {
  for (const path of request.keyframes) {
    if (isRemoteImage(path)) continue;
    if (!isAbsolute(path) || path.split(/[\\/]/).includes('..')) {
      throw coreError('invalid-input', 'imagePathNotPlain', { path });
    }
  }
}

/**
 * The Storyboard screen's calls: estimate, queue (one set), list, get, re-render one
 * transition, join. Payloads were validated by the dispatch; the storyboard is checked whole
 * again (checkStoryboard) and every picture by its content before anything is sent.
 */
export function storyboardHandlers(core: Core, platform: PlatformServices): Handlers {
  const { store, queueDeps, rerenderDeps, joinDeps } = storyboardDepsFromCore(core, process.env);
  const viewOf = async (storyboard: Storyboard) => {
    const renders = await Promise.all(
      storyboard.transitions.map(async (t) => {
        const manifest = await core.library.read(t.renderId);
        return manifest ? core.view(manifest) : null;
      }),
    );
    const made = currentJoin(storyboard);
    const joined = made && (await joinDeps.fileExists(made)) ? made : null;
    return { storyboard, renders, joined };
  };
  return {
    'storyboard:estimate': async (request) => {
      assertPlainKeyframes(request);
      const check = checkStoryboard(request);
      if (!check.ok) throw refusalError(check);
      for (const request of check.requests) core.checkReferenceVideo(request);
      const figures = await Promise.all(check.requests.map((r) => queueDeps.estimate(r)));
      return { total: totalOf(figures), count: check.requests.length };
    },
    'storyboard:queue': async (request) => {
      assertPlainKeyframes(request);
      // Settings → Budget was asked in the renderer (its dialog lets the user go over a cap).
      const { storyboard, renders } = await queueStoryboard(queueDeps, request);
      core.logger.info('storyboard queued', { id: storyboard.id, transitions: renders.length });
      return viewOf(storyboard);
    },
    'storyboard:list': () => store.list(),
    'storyboard:get': async ({ id }) => viewOf(await readStoryboard(store, id)),
    'storyboard:rerender': async ({ id, transition }) => {
      const { storyboard, render } = await rerenderTransition(rerenderDeps, id, transition);
      core.logger.info('storyboard transition re-rendered', { id, transition, render: render.id });
      return viewOf(storyboard);
    },
    'storyboard:join': async ({ id }) => {
      const joined = await joinStoryboard(joinDeps, id);
      core.logger.info('storyboard joined', { id, reencoded: joined.reencoded });
      platform.showInFolder(joined.file);
      return joined;
    },
  };
}
