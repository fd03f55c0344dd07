import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { rendersDir } from './layout';
import { mapLimit } from './serialize';

/**
 * write-file-atomic writes `<file>.<number>` and then renames it over `<file>`; a process
 * killed in between (kill -9, power loss) leaves the temp file behind for good. These are
 * the files the library and settings write that way.
 */
const TEMP_FILE = /^(index\.json|settings\.json|render\.json|thumbnail\.jpg)\.\d+$/;

async function removeOlderThan(folder: string, olderThanMs: number): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (!TEMP_FILE.test(name)) continue;
    const path = join(folder, name);
    // Only files from before this library was opened: a newer one is a write in progress.
    const info = await stat(path).catch(() => null);
    if (!info?.isFile() || info.mtimeMs >= olderThanMs) continue;
    await unlink(path).catch(() => undefined);
    removed.push(name);
  }
  return removed;
}

/** Deletes temp files of interrupted atomic writes; returns them as "<id>/<file>" or "<file>". */
export async function removeStaleTempFiles(home: string, olderThanMs: number): Promise<string[]> {
  const removed = (await removeOlderThan(home, olderThanMs)).slice();
  const ids = await readdir(rendersDir(home)).catch(() => [] as string[]);
  const perRender = await mapLimit(ids, 16, async (id) =>
    (await removeOlderThan(join(rendersDir(home), id), olderThanMs)).map((f) => `${id}/${f}`),
  );
  return removed.concat(...perRender);
}
