import { randomBytes } from 'node:crypto';
import { KlingError } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { isRemoteImage, type RenderRequest } from '../../shared/render-request';
import { checkVariations, type VariationAxes } from '../../shared/variations';
import type { CreateRenderOptions } from '../library/library';

export interface SetDeps {
  queue(request: RenderRequest, options: CreateRenderOptions): Promise<RenderManifest>;
  /** A local image to WeShop: called once per set, whatever its size. */
  uploadImage(path: string): Promise<string>;
  /** Credits one render would cost, or null when WeShop does not say (never throws). */
  /** The estimator finds the uploaded pictures itself (through the upload cache). */
  estimate(request: RenderRequest): Promise<number | null>;
  /**
   * Told the total before anything is queued (null: at least one estimate is unknown), with
   * each render's estimate in queue order (per-render caps judge those).
   */
  onTotal?(total: number | null, count: number, estimates: readonly (number | null)[]): void;
  /** Checks the local image (format, size, pixels) before the upload; throws invalid-input. */
  inspectImage(path: string): Promise<unknown>;
  newSetId?: () => string;
}

/** `set-<base36 ms>-<6 hex>`: sortable, never equal to a render id. */
export const newSetId = (now = new Date()) =>
  `set-${now.getTime().toString(36)}-${randomBytes(3).toString('hex')}`;

/** The sum of per-render estimates; unknown when any one is. */
export function totalOf(estimates: readonly (number | null)[]): number | null {
  let total = 0;
  for (const estimate of estimates) {
    if (estimate === null) return null;
    total += estimate;
  }
  return total;
}

/**
 * Queues the cross product as one set: every combination is checked against the catalogue
 * first (nothing sent when one is bad), the image is uploaded once, the total estimate is
 * reported, then each render is created with the set id and that uploaded image.
 */
export async function queueSet(
  deps: SetDeps,
  axes: VariationAxes,
): Promise<{ setId: string; renders: RenderManifest[]; total: number | null }> {
  const check = checkVariations(axes);
  if (!check.ok) throw new KlingError('invalid-input', check.message);
  const { requests } = check;
  const remote = isRemoteImage(axes.image);
  if (!remote) await deps.inspectImage(axes.image);
  const imageUrl = remote ? axes.image : await deps.uploadImage(axes.image);
  const estimates = await Promise.all(requests.map((r) => deps.estimate(r)));
  const total = totalOf(estimates);
  deps.onTotal?.(total, requests.length, estimates);
  const setId = (deps.newSetId ?? newSetId)();
  const renders: RenderManifest[] = [];
  for (const request of requests) {
    renders.push(
      await deps.queue(request, remote ? { setId } : { setId, uploadedImageUrl: imageUrl }),
    );
  }
  return { setId, renders, total };
}
