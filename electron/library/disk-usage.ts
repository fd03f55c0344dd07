import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes used by the files under a folder (symlinks counted as links, never followed). */
export async function folderBytes(folder: string): Promise<number> {
  let dirents: import('node:fs').Dirent[];
  try {
    dirents = await readdir(folder, { withFileTypes: true });
  } catch {
    return 0;
  }
  let total = 0;
  for (const dirent of dirents) {
    const path = join(folder, dirent.name);
    if (dirent.isDirectory()) total += await folderBytes(path);
    else
      total += await lstat(path).then(
        (s) => s.size,
        () => 0,
      );
  }
  return total;
}
