import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { coreError } from '../../shared/errors';
import type { Recipe } from '../../shared/recipe';
import { copyVideoWithRecipe } from '../media/mp4-recipe';

export interface SequenceClip {
  /** The render id (in the file name, so each clip can be traced back). */
  id: string;
  /** Absolute path of the video file. */
  file: string;
  /** The render's settings, written into the copy's metadata (no re-encode). */
  recipe?: Recipe;
}

/**
 * Copies the clips of a sequence into `folder` in play order: `01-<id>.mp4`, `02-<id>.mp4`…
 * (the number first, so any file manager or editor lists them in order). Refuses a folder
 * that already holds files, so nothing of the user's is overwritten.
 */
export async function exportSequence(
  clips: readonly SequenceClip[],
  folder: string,
  onPlainCopy?: (why: string) => void,
): Promise<string[]> {
  if (clips.length === 0) throw coreError('invalid-input', 'sequenceNothingToExport');
  await mkdir(folder, { recursive: true });
  const present = (await readdir(folder)).filter((name) => !name.startsWith('.'));
  if (present.length > 0) {
    throw coreError(
      'invalid-input',
      present.length === 1 ? 'exportFolderNotEmptyOne' : 'exportFolderNotEmpty',
      { folder, count: present.length },
    );
  }
  const width = Math.max(2, String(clips.length).length);
  const written: string[] = [];
  for (const [i, clip] of clips.entries()) {
    const target = join(
      folder,
      `${String(i + 1).padStart(width, '0')}-${clip.id}${extname(clip.file) || '.mp4'}`,
    );
    // Exclusive: never replace a file that appeared meanwhile.
    if (clip.recipe)
      await copyVideoWithRecipe({
        source: clip.file,
        destination: target,
        recipe: clip.recipe,
        exclusive: true,
        onPlainCopy: onPlainCopy ?? (() => undefined),
      });
    else await copyFile(clip.file, target, 1);
    written.push(target);
  }
  return written;
}
