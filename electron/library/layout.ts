import { join } from 'node:path';

/**
 * The on-disk layout of a library home:
 *   <home>/index.json              summaries of every render (see index-file.ts)
 *   <home>/index.journal           ids written since index.json was last saved
 *   <home>/renders/<id>/render.json
 *   <home>/renders/<id>/video-<n>.mp4, poster-<n>.jpg, thumbnail.jpg
 *   <home>/renders/<id>/<file>.part   a download in progress
 */
export const MANIFEST_FILE = 'render.json';
export const THUMBNAIL_FILE = 'thumbnail.jpg';
export const PART_SUFFIX = '.part';

export const rendersDir = (home: string) => join(home, 'renders');
export const renderDir = (home: string, id: string) => join(rendersDir(home), id);
export const manifestPath = (home: string, id: string) => join(renderDir(home, id), MANIFEST_FILE);
export const indexPath = (home: string) => join(home, 'index.json');
export const journalPath = (home: string) => join(home, 'index.journal');

/** Videos are numbered from 1 in file names (people read these), from 0 in manifests. */
export const videoFileName = (index: number) => `video-${index + 1}.mp4`;
export const posterFileName = (index: number) => `poster-${index + 1}.jpg`;

/**
 * A plain file name inside one render folder: no separators, no dot-only names, no NUL,
 * nothing that could climb out of the folder or name a drive.
 */
export function isPlainFileName(name: string): boolean {
  if (name.length === 0 || name.length > 255) return false;
  if (name === '.' || name === '..') return false;
  return /^[A-Za-z0-9._-]+$/.test(name);
}
