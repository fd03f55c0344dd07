import { randomBytes } from 'node:crypto';
import { KlingError } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { isRemoteImage, type RenderRequest, requestImages } from '../../shared/render-request';
import { checkVariations, type VariationAxes } from '../../shared/variations';
import type { CreateRenderOptions } from '../library/library';

export interface SetDeps {
  queue(request: RenderRequest, options: CreateRenderOptions): Promise<RenderManifest>;
  /** A local picture to WeShop: called once per distinct picture of the set. */
  uploadImage(path: string): Promise<string>;
  /**
   * Credits one render would cost, or null when WeShop does not say (never throws). The
   * estimator finds the uploaded pictures itself (through the upload cache).
   */
  estimate(request: RenderRequest): Promise<number | null>;
  /**
   * Told the total before anything is queued (null: at least one estimate is unknown), with
   * each render's estimate in queue order (per-render caps judge those).
   */
  onTotal?(total: number | null, count: number, estimates: readonly (number | null)[]): void;
  /** Checks a local picture (format, size, pixels) before any upload; throws invalid-input. */
  inspectImage(path: string): Promise<unknown>;
  /**
   * Refuses a reference video WeShop cannot fetch (http on this computer against the real API);
   * throws invalid-input. Called before any picture is checked or sent.
   */
  checkReferenceVideo?(request: RenderRequest): void;
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
 * first (nothing sent when one is bad), every local picture is checked and then uploaded once
 * (the same file as first and end frame is one upload), the total estimate is reported, then
 * each render is created with the set id and its pictures' URLs (so no render uploads again).
 */
export async function queueSet(
  deps: SetDeps,
  axes: VariationAxes,
): Promise<{ setId: string; renders: RenderManifest[]; total: number | null }> {
  const check = checkVariations(axes);
  if (!check.ok) throw new KlingError('invalid-input', check.message);
  const { requests } = check;
  for (const request of requests) deps.checkReferenceVideo?.(request);
  const uploaded = await uploadPictures(deps, requests);
  const estimates = await Promise.all(requests.map((r) => deps.estimate(r)));
  const total = totalOf(estimates);
  deps.onTotal?.(total, requests.length, estimates);
  const setId = (deps.newSetId ?? newSetId)();
  const renders: RenderManifest[] = [];
  for (const request of requests) {
    renders.push(await deps.queue(request, { setId, ...uploadedOptions(request, uploaded) }));
  }
  return { setId, renders, total };
}

/**
 * Every distinct local picture of the set, each checked before any is uploaded (a bad end frame
 * sends nothing, not even the first frame), then uploaded one after another: path → URL.
 */
async function uploadPictures(
  deps: SetDeps,
  requests: readonly RenderRequest[],
): Promise<Map<string, string>> {
  const local = [...new Set(requests.flatMap(requestImages))].filter((p) => !isRemoteImage(p));
  for (const picture of local) await deps.inspectImage(picture);
  const urls = new Map<string, string>();
  for (const picture of local) urls.set(picture, await deps.uploadImage(picture));
  return urls;
}

/** Where a render's pictures are on WeShop, in requestImages order; nothing when none was local. */
function uploadedOptions(
  request: RenderRequest,
  uploaded: ReadonlyMap<string, string>,
): Pick<CreateRenderOptions, 'uploadedImageUrl' | 'uploadedImageUrls'> {
  const pictures = requestImages(request);
  if (!pictures.some((picture) => uploaded.has(picture))) return {};
  const urls = pictures.map((picture) => uploaded.get(picture) ?? picture);
  const first = request.image !== undefined ? uploaded.get(request.image) : undefined;
  return { uploadedImageUrls: urls, ...(first !== undefined ? { uploadedImageUrl: first } : {}) };
}
