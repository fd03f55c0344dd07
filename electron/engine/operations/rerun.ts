import type { RenderManifest } from '../../../shared/job';
import { type RenderRequest, requestImages } from '../../../shared/render-request';
import type { CreateRenderOptions } from '../../library/library';
import { PRIORITY_NEW } from '../scheduler';
import { mustRead, type OperationContext } from './context';

/**
 * A new render of `request` reusing the source render's uploaded pictures (a re-run, the missing
 * videos of a partial one): created (and so claimed by this process) and announced, not queued.
 * Every picture's URL goes along (first frame, references, end frame): the upload step reuses
 * each while the upload cache calls it fresh, so a picture moved or deleted since still renders.
 */
export async function createFrom(
  ctx: OperationContext,
  source: RenderManifest,
  request: RenderRequest,
  extra: Pick<CreateRenderOptions, 'missingOf'> = {},
): Promise<RenderManifest> {
  const options: CreateRenderOptions = { ...extra };
  if (source.uploadedImageUrl) options.uploadedImageUrl = source.uploadedImageUrl;
  // Only for the same pictures: the URLs are in the source request's requestImages order.
  if (source.uploadedImageUrls?.length && samePictures(source.request, request)) {
    options.uploadedImageUrls = [...source.uploadedImageUrls];
  }
  const manifest = await ctx.library.create(request, options);
  ctx.emit('job:update', manifest);
  return manifest;
}

const samePictures = (a: RenderRequest, b: RenderRequest) =>
  JSON.stringify(requestImages(a)) === JSON.stringify(requestImages(b));

/** A new render with the same request. */
export async function rerunRender(ctx: OperationContext, id: string): Promise<RenderManifest> {
  ctx.assertOpen();
  const source = await mustRead(ctx, id);
  const manifest = await createFrom(ctx, source, source.request);
  await ctx.scheduler.enqueue(manifest.id, PRIORITY_NEW);
  return manifest;
}
