import { join } from 'node:path';

/**
 * The on-disk layout of a library home:
 *   <home>/library.sqlite          the index: a row per render, queried (sqlite-index/, render-index.ts)
 *   <home>/index.json              older versions' index: read once to build library.sqlite, kept
 *   <home>/journals/<owner>        older versions' per-process journals (read by that migration)
 *   <home>/index.journal           the one shared journal of older versions (read, then removed)
 *   <home>/claims/<id>/<n>         which process drives render <id> (claims.ts)
 *   <home>/owners/<beacon>.sock    a live process's liveness socket (beacon.ts, owner.ts)
 *   <home>/uploads.json            image content hash → uploaded URL + when (upload-cache.ts)
 *   <home>/locks/uploads/<n>       who may rewrite uploads.json now (exclusive.ts)
 *   <home>/started-runs.jsonl      append-only: each run id WeShop answered, before render.json has it
 *   <home>/renders/<id>/render.json
 *   <home>/renders/<id>/video-<n>.mp4, poster-<n>.jpg, thumbnail.jpg, source.<png|jpg|webp>
 *   <home>/renders/<id>/end-frame.<ext>, image-<2..4>.<ext>   the other input pictures
 *   <home>/renders/<id>/<file>.part   a download in progress
 */
export const MANIFEST_FILE = 'render.json';
export const THUMBNAIL_FILE = 'thumbnail.jpg';
/**
 * An input picture's copy is named for its place and kind: source.png (picture 1: the first
 * frame, the character or reference image 1), end-frame.jpg, image-2.webp … image-4.png.
 */
export const pictureFileName = (stem: string, imagePath: string): string | null => {
  const ext = /\.(png|jpe?g|webp)$/i.exec(imagePath)?.[1]?.toLowerCase();
  return ext ? `${stem}.${ext === 'jpeg' ? 'jpg' : ext}` : null;
};
export const END_FRAME_STEM = 'end-frame';
/** Reference image n (2–4; n counts from 1 as the prompt does). */
export const referenceImageStem = (n: number) => `image-${n}`;
export const PART_SUFFIX = '.part';

export const rendersDir = (home: string) => join(home, 'renders');
export const renderDir = (home: string, id: string) => join(rendersDir(home), id);
export const manifestPath = (home: string, id: string) => join(renderDir(home, id), MANIFEST_FILE);
export const indexPath = (home: string) => join(home, 'index.json');
/** The shared journal written by versions before per-process journals (journalsDir). */
export const journalPath = (home: string) => join(home, 'index.journal');
export const journalsDir = (home: string) => join(home, 'journals');
export const uploadCachePath = (home: string) => join(home, 'uploads.json');
export const uploadCacheLockDir = (home: string) => join(home, 'locks', 'uploads');
export const claimDir = (home: string, id: string) => join(home, 'claims', id);
/** Run ids WeShop answered, appended before they are saved in render.json (started-runs.ts). */
export const startedRunsPath = (home: string) => join(home, 'started-runs.jsonl');
export const beaconsDir = (home: string) => join(home, 'owners');

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
