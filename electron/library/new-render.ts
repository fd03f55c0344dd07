import { randomUUID } from 'node:crypto';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_SCHEMA_VERSION, RenderManifest } from '../../shared/job';
import { isRemoteImage, type RenderRequest } from '../../shared/render-request';
import { renderDir, sourceImageFileName } from './layout';

export interface CreateRenderOptions {
  /** An image already on WeShop (rerun of a render whose image was uploaded). */
  uploadedImageUrl?: string;
  /** The set of variations it belongs to. */
  setId?: string;
  /** The render whose last frame is its image ("Continue"). */
  continuedFrom?: { id: string; videoIndex: number };
  /** The partial render whose missing videos it makes ("Render the missing N"). */
  missingOf?: string;
}

/** A new render's manifest: queued, with its own Idempotency-Key, checked against the schema. */
export function newManifest(
  id: string,
  request: RenderRequest,
  at: Date,
  options: CreateRenderOptions,
): RenderManifest {
  const stamp = at.toISOString();
  const manifest: RenderManifest = {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    id,
    createdAt: stamp,
    updatedAt: stamp,
    request,
    idempotencyKey: randomUUID(),
    state: 'queued',
    history: [{ state: 'queued', at: stamp }],
    videos: [],
    favourite: false,
  };
  if (options.uploadedImageUrl) manifest.uploadedImageUrl = options.uploadedImageUrl;
  if (options.setId) manifest.setId = options.setId;
  if (options.continuedFrom) manifest.continuedFrom = options.continuedFrom;
  if (options.missingOf) manifest.missingOf = options.missingOf;
  // The copy is owed, not made: it must not delay the start (see keepSourceImage).
  if (request.image && sourceImageFileName(request.image) && !isRemoteImage(request.image))
    manifest.sourceImageCopy = 'pending';
  return RenderManifest.parse(manifest);
}

export type SourceImageCopy = { file: string } | { missing: string };

/**
 * Copies a local source image beside the videos, so the Queue and the detail view can show it
 * (through a media URL) even after the original moves. Made after the start request has left
 * (it is 5 MB of disk the start need not wait for); a failure is reported, never thrown: the
 * render is kept without its picture.
 */
export async function copySourceImage(
  home: string,
  id: string,
  image: string,
): Promise<SourceImageCopy> {
  const name = sourceImageFileName(image);
  if (!name || isRemoteImage(image)) return { missing: 'not a local PNG, JPEG or WebP file' };
  try {
    await copyFile(image, join(renderDir(home, id), name));
    return { file: name };
  } catch (error) {
    return { missing: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
}
