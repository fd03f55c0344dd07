/**
 * The library alone, for the commands that only need it (list, show, delete, queue, preset):
 * no core, so no engine, WeShop client or logger is loaded for them (session.ts has those).
 */
import { messageOf } from '../../shared/errors';
import { resolveLibraryHome } from '../library/home';
import { createLibrary, type Library } from '../library/library';
import type { CliIo } from './io';

export const libraryHome = (io: CliIo) => resolveLibraryHome(io.env, io.platform, io.homedir);

/** Read-only for commands that only look (list, show): they never write to the library. */
export const openLibrary = (io: CliIo, access: { readOnly?: boolean } = {}): Library =>
  createLibrary({ home: libraryHome(io), readOnly: access.readOnly === true });

/** Opens the library for one command's `use` and closes it after, whatever `use` did. */
export async function withLibrary<T>(
  io: CliIo,
  use: (library: Library) => Promise<T>,
  access: { readOnly: boolean },
): Promise<T> {
  const library = openLibrary(io, access);
  try {
    return await use(library);
  } finally {
    // What the command did is in render.json (the truth, decision 0002): an index that cannot
    // be written is a warning, never a failed delete of a render that is gone.
    await library.close().catch((error: unknown) => {
      io.stderr.write(`warning: the library index was not saved: ${messageOf(error)}\n`);
    });
  }
}
