import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PictureCopy, RenderManifest } from '../../shared/job';
import { isRemoteImage, type RenderRequest } from '../../shared/render-request';
import { END_FRAME_STEM, pictureFileName, referenceImageStem, renderDir } from './layout';

/**
 * Every local input picture of a render is kept in its folder: picture 1 (source.<ext>), the
 * end frame (end-frame.<ext>) and reference images 2–4 (image-<n>.<ext>). The copies are owed
 * at create ('pending' in render.json) and made once the start has left, so the start never
 * waits for them; a process stopped in between leaves them owed, and resume makes them.
 */

/** Where a picture goes: picture 1, the end frame, or reference image `position` + 2. */
export type PictureSlot =
  | { kind: 'source' }
  | { kind: 'end-frame' }
  | { kind: 'reference'; position: number };

export interface OwedCopy {
  slot: PictureSlot;
  /** The original, as the request names it. */
  image: string;
  /** The copy's name in the render folder. */
  file: string;
}

export type PictureCopyResult = { file: string } | { missing: string };

const stemOf = (slot: PictureSlot): string =>
  slot.kind === 'source'
    ? 'source'
    : slot.kind === 'end-frame'
      ? END_FRAME_STEM
      : referenceImageStem(slot.position + 2);

/** How a log line or message names the picture. */
export const describeSlot = (slot: PictureSlot): string =>
  slot.kind === 'source'
    ? 'picture 1'
    : slot.kind === 'end-frame'
      ? 'the end frame'
      : `image ${slot.position + 2}`;

/** A picture a copy can be owed for: a local PNG, JPEG or WebP file. */
const copyable = (image: string | undefined): image is string =>
  image !== undefined && !isRemoteImage(image) && pictureFileName('x', image) !== null;

/** The copies a new render owes, set on its manifest (nothing for https pictures). */
export function owePictureCopies(manifest: RenderManifest, request: RenderRequest): void {
  if (copyable(request.image)) manifest.sourceImageCopy = 'pending';
  if (copyable(request.endFrame)) manifest.endFrameCopy = 'pending';
  const more = request.moreImages ?? [];
  if (more.length > 0) {
    manifest.moreImageCopies = more.map(
      (image): PictureCopy => (copyable(image) ? { copy: 'pending' } : {}),
    );
  }
}

/** The copies a render still owes, each with the original and the file name it gets. */
export function owedCopies(m: RenderManifest): OwedCopy[] {
  const owed: OwedCopy[] = [];
  const add = (slot: PictureSlot, image: string | undefined) => {
    const file = image === undefined ? null : pictureFileName(stemOf(slot), image);
    if (image !== undefined && file !== null) owed.push({ slot, image, file });
  };
  if (m.sourceImageCopy === 'pending') add({ kind: 'source' }, m.request.image);
  if (m.endFrameCopy === 'pending') add({ kind: 'end-frame' }, m.request.endFrame);
  m.moreImageCopies?.forEach((picture, position) => {
    if (picture.copy === 'pending')
      add({ kind: 'reference', position }, m.request.moreImages?.[position]);
  });
  return owed;
}

/** Copies one picture into the render folder; a failure is reported, never thrown. */
export async function copyPicture(
  home: string,
  id: string,
  owed: OwedCopy,
): Promise<PictureCopyResult> {
  try {
    await copyFile(owed.image, join(renderDir(home, id), owed.file));
    return { file: owed.file };
  } catch (error) {
    return { missing: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
}

/**
 * Records one copy's outcome on the manifest: its file, or 'missing'. Only a copy still
 * pending is touched (another call may have recorded it meanwhile).
 */
export function recordCopy(m: RenderManifest, slot: PictureSlot, result: PictureCopyResult): void {
  const copied = 'file' in result;
  if (slot.kind === 'source') {
    if (m.sourceImageCopy !== 'pending') return;
    if (copied) {
      m.sourceImageFile = result.file;
      delete m.sourceImageCopy;
    } else m.sourceImageCopy = 'missing';
    return;
  }
  if (slot.kind === 'end-frame') {
    if (m.endFrameCopy !== 'pending') return;
    if (copied) {
      m.endFrameFile = result.file;
      delete m.endFrameCopy;
    } else m.endFrameCopy = 'missing';
    return;
  }
  const picture = m.moreImageCopies?.[slot.position];
  if (picture?.copy !== 'pending') return;
  if (copied) {
    picture.file = result.file;
    delete picture.copy;
  } else picture.copy = 'missing';
}
