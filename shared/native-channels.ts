import { z } from 'zod';
import { RenderView } from './job';
import { Recipe } from './recipe';

/** Longest text Copy prompt (or any copy button) sends to main's clipboard: a prompt with room. */
export const COPY_TEXT_MAX = 100_000;

/**
 * The desktop's own habits (issue 23): Undo of a Delete, the clipboard, settings read back from
 * an MP4. Spread into shared/ipc.ts's IPC map.
 */
export const NATIVE_CHANNELS = {
  /**
   * Puts a render deleted a moment ago back (its folder was set aside while the app offers
   * Undo; electron/library/pending-trash.ts). Refused once it went to the OS trash.
   */
  'render:undo-delete': {
    request: z.strictObject({ id: z.string().regex(/^[a-z0-9-]{6,64}$/, 'Unknown render id') }),
    response: RenderView,
  },
  /** Writes text to the system clipboard through main (Electron's clipboard), never the page. */
  'app:copy-text': {
    request: z.strictObject({ text: z.string().min(1).max(COPY_TEXT_MAX) }),
    response: z.null(),
  },
  /**
   * The Kling Studio settings an MP4 dropped on New render carries (null when it has none).
   * The path comes from the drop; main reads only the file's metadata boxes.
   */
  'recipe:read': {
    request: z.strictObject({ path: z.string().min(1).max(4096) }),
    response: Recipe.nullable(),
  },
} as const;
