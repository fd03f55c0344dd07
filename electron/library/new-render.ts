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
}

/** A new render's manifest: queued, with its own Idempotency-Key, checked against the schema. */
export function newManifest(
  id: string,
  request: RenderRequest,
  at: Date,
  options: CreateRenderOptions,
  sourceImageFile: string | null,
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
  if (sourceImageFile) manifest.sourceImageFile = sourceImageFile;
  return RenderManifest.parse(manifest);
}

/**
 * Keeps a copy of a local source image beside the videos, so the Queue and the detail view
 * can show it (through a media URL) even after the original moves. Best effort: a file that
 * cannot be copied fails later, with its own message, where the upload reads it.
 */
export async function copySourceImage(
  home: string,
  id: string,
  image: string,
): Promise<string | null> {
  if (isRemoteImage(image)) return null;
  const name = sourceImageFileName(image);
  if (!name) return null;
  try {
    await copyFile(image, join(renderDir(home, id), name));
    return name;
  } catch {
    return null;
  }
}
