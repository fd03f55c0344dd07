import { realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { isRenderId } from './ids';
import { isPlainFileName, renderDir, rendersDir } from './layout';

/** Only media is served: never render.json, never a half-downloaded .part file. */
export const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.mp4': 'video/mp4',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
};

export const mediaTypeOf = (fileName: string): string | undefined =>
  MEDIA_TYPES[extname(fileName).toLowerCase()];

const isInside = (child: string, parent: string) => child.startsWith(parent + sep);

/**
 * The absolute path of a media file inside one render's folder, or null. Both the folder and
 * the file are resolved through symlinks and must still be inside the library's renders
 * folder (resp. that render's folder), so a link cannot lead anywhere else.
 */
export async function resolveMediaPath(
  home: string,
  id: string,
  fileName: string,
): Promise<string | null> {
  if (!isRenderId(id) || !isPlainFileName(fileName) || !mediaTypeOf(fileName)) return null;
  try {
    const [realRenders, realFolder] = await Promise.all([
      realpath(rendersDir(home)),
      realpath(renderDir(home, id)),
    ]);
    if (!isInside(realFolder, realRenders)) return null;
    const realFile = await realpath(join(realFolder, fileName));
    if (!isInside(realFile, realFolder)) return null;
    return (await stat(realFile)).isFile() ? realFile : null;
  } catch {
    return null; // missing file or folder
  }
}
