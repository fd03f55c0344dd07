import { KlingError } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { isRemoteImage, type RenderRequest } from '../../shared/render-request';
import { checkStoryboard, type Storyboard } from '../../shared/storyboard';
import type { CreateRenderOptions } from '../library/library';
import { newSetId, totalOf } from '../variations/queue-set';

export interface StoryboardDeps {
  /** Checks a local picture (format, size, pixels, the file whole); throws invalid-input. */
  inspectImage(path: string): Promise<unknown>;
  /**
   * Keeps the keyframes in the storyboard's folder and returns the copies' paths (same order):
   * the renders and a later re-render read those, whatever happens to the originals.
   */
  keepKeyframes(id: string, keyframes: readonly string[]): Promise<string[]>;
  /** A local picture to WeShop (prepareImage: once per content, the upload cache). */
  uploadImage(path: string): Promise<string>;
  /** Credits one render would cost, or null when WeShop does not say (never throws). */
  estimate(request: RenderRequest): Promise<number | null>;
  /**
   * Told the total before anything is queued, with each transition's estimate; throwing here
   * (a budget cap) refuses the storyboard: nothing is queued and its folder is removed.
   */
  onTotal?(total: number | null, count: number, estimates: readonly (number | null)[]): void;
  queue(request: RenderRequest, options: CreateRenderOptions): Promise<RenderManifest>;
  /** Writes the storyboard record (atomically). */
  save(storyboard: Storyboard): Promise<void>;
  /** Removes the folder of a storyboard nothing was queued for (a refused total). */
  discard(id: string): Promise<void>;
  newSetId?: () => string;
  now?: () => Date;
}

export interface QueuedStoryboard {
  storyboard: Storyboard;
  renders: RenderManifest[];
  total: number | null;
}

/**
 * Queues a storyboard as one set: the whole storyboard checked first (nothing sent when one
 * transition is bad, or the model takes no end frame), every local keyframe checked before
 * any request, each keyframe uploaded once (it is the end of one transition and the start of
 * the next), the total estimate reported, then one render per transition with the set id.
 */
export async function queueStoryboard(
  deps: StoryboardDeps,
  input: unknown,
): Promise<QueuedStoryboard> {
  const check = checkStoryboard(input);
  if (!check.ok) throw new KlingError('invalid-input', check.message);
  const first = check.requests[0] as RenderRequest;
  const keyframes = [...check.requests.map((r) => r.image as string), lastEndFrame(check)];
  for (const picture of new Set(keyframes)) {
    if (!isRemoteImage(picture)) await deps.inspectImage(picture);
  }
  const id = (deps.newSetId ?? newSetId)();
  const kept = await deps.keepKeyframes(id, keyframes);
  const renders: RenderManifest[] = [];
  try {
    const urls = await uploadOnce(deps, kept);
    const requests = check.requests.map((request, i) => ({
      ...request,
      image: kept[i] as string,
      endFrame: kept[i + 1] as string,
    }));
    const estimates = await Promise.all(requests.map((r) => deps.estimate(r)));
    const total = totalOf(estimates);
    deps.onTotal?.(total, requests.length, estimates);
    const storyboard: Storyboard = {
      schemaVersion: 1,
      id,
      createdAt: (deps.now?.() ?? new Date()).toISOString(),
      keyframes: kept,
      prompts: requests.map((r) => r.prompt),
      model: check.model,
      duration: first.duration,
      generateAudio: first.generateAudio,
      transitions: [],
    };
    for (const request of requests) {
      const options = { setId: id, ...uploadedOptions(request, urls) };
      const manifest = await deps.queue(request, options);
      renders.push(manifest);
      storyboard.transitions.push({ renderId: manifest.id, replaced: [] });
      // Saved after each render so a crash mid-way still finds what was queued.
      await deps.save(storyboard);
    }
    return { storyboard, renders, total };
  } catch (error) {
    // Nothing queued (a refused total, a failed upload): no storyboard is left behind. Once a
    // render exists the record stays, naming it.
    if (renders.length === 0) await deps.discard(id);
    throw error;
  }
}

/**
 * Where a transition's two pictures are on WeShop (requestImages order: first frame, end
 * frame), so its job starts without looking them up; nothing when neither is local.
 */
export function uploadedOptions(
  request: Pick<RenderRequest, 'image' | 'endFrame'>,
  urls: ReadonlyMap<string, string>,
): Pick<CreateRenderOptions, 'uploadedImageUrl' | 'uploadedImageUrls'> {
  const pictures = [request.image as string, request.endFrame as string];
  if (!pictures.some((picture) => urls.has(picture))) return {};
  const first = urls.get(pictures[0] as string);
  return {
    uploadedImageUrls: pictures.map((picture) => urls.get(picture) ?? picture),
    ...(first !== undefined ? { uploadedImageUrl: first } : {}),
  };
}

/** The last transition's end frame: the storyboard's last keyframe. */
const lastEndFrame = (check: { requests: RenderRequest[] }) =>
  check.requests[check.requests.length - 1]?.endFrame as string;

/** Each distinct local keyframe uploaded once; remote ones are sent as they are. */
export async function uploadOnce(
  deps: Pick<StoryboardDeps, 'uploadImage'>,
  keyframes: readonly string[],
): Promise<Map<string, string>> {
  const urls = new Map<string, string>();
  for (const picture of keyframes) {
    if (isRemoteImage(picture) || urls.has(picture)) continue;
    urls.set(picture, await deps.uploadImage(picture));
  }
  return urls;
}
