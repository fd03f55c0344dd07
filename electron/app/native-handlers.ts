import type { z } from 'zod';
import { coreError } from '../../shared/errors';
import type { IpcResponse } from '../../shared/ipc';
import type { NATIVE_CHANNELS } from '../../shared/native-channels';
import { readRecipe } from '../media/mp4-recipe';
import type { Core } from './core';
import type { PlatformServices } from './platform';

type Channel = keyof typeof NATIVE_CHANNELS;
type Handlers = {
  [C in Channel]: (
    request: z.infer<(typeof NATIVE_CHANNELS)[C]['request']>,
  ) => Promise<IpcResponse<C>>;
};

/** A dropped file is named by absolute path; `..` only serves to climb somewhere else. */
function assertPlainAbsolute(path: string): void {
  if (!/^(\/|[A-Za-z]:[\\/])/.test(path) || path.split(/[\\/]/).includes('..')) {
    throw coreError('invalid-input', 'droppedPathNotPlain', { path });
  }
}

/**
 * The desktop's habits: Undo of a Delete (the folder set aside by core.trash), the clipboard
 * (main's, through platform: the page never uses execCommand), and the settings an MP4 carries.
 * Payloads are validated by the dispatch before these run.
 */
export function nativeHandlers(core: Core, platform: PlatformServices): Handlers {
  return {
    'render:undo-delete': async ({ id }) => core.view(await core.trash.undo(id)),
    'app:copy-text': async ({ text }) => {
      if (!platform.copyText) throw coreError('internal', 'needsDesktopCopy');
      platform.copyText(text);
      return null;
    },
    'recipe:read': async ({ path }) => {
      assertPlainAbsolute(path);
      if (!/\.(mp4|m4v|mov)$/i.test(path)) return null;
      return readRecipe(path);
    },
  };
}
