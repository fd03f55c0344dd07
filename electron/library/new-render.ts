import { randomUUID } from 'node:crypto';
import { MANIFEST_SCHEMA_VERSION, RenderManifest } from '../../shared/job';
import type { RenderRequest } from '../../shared/render-request';
import { owePictureCopies } from './input-pictures';

export interface CreateRenderOptions {
  /** An image already on WeShop (rerun of a render whose image was uploaded). */
  uploadedImageUrl?: string;
  /** Every picture already on WeShop, in requestImages order (a set's uploads, a rerun's). */
  uploadedImageUrls?: string[];
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
  if (options.uploadedImageUrls?.length)
    manifest.uploadedImageUrls = [...options.uploadedImageUrls];
  if (options.setId) manifest.setId = options.setId;
  if (options.continuedFrom) manifest.continuedFrom = options.continuedFrom;
  if (options.missingOf) manifest.missingOf = options.missingOf;
  // The copies are owed, not made: they must not delay the start (see keepSourceImage).
  owePictureCopies(manifest, request);
  return RenderManifest.parse(manifest);
}
