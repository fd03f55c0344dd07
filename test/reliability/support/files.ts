import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Every file under `root`, recursively, as paths relative to it (sorted). */
export async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

/** Download leftovers: `.part` files and write-file-atomic's `<name>.<hash>` temp files. */
export const isLeftover = (file: string) =>
  /\.part$/.test(file) || /\.(json|jpg|mp4)\.\d+$/.test(file);
