import type { RenderManifest } from '../../../shared/job';
import type { RenderRequest } from '../../../shared/render-request';
import type { CreateRenderOptions } from '../../library/library';
import { PRIORITY_NEW } from '../scheduler';
import { mustRead, type OperationContext } from './context';

/**
 * A new render of `request` reusing the source render's uploaded image (a re-run, the missing
 * videos of a partial one): created (and so claimed by this process) and announced, not queued.
 */
export async function createFrom(
  ctx: OperationContext,
  source: RenderManifest,
  request: RenderRequest,
  extra: Pick<CreateRenderOptions, 'missingOf'> = {},
): Promise<RenderManifest> {
  const options: CreateRenderOptions = { ...extra };
  if (source.uploadedImageUrl) options.uploadedImageUrl = source.uploadedImageUrl;
  const manifest = await ctx.library.create(request, options);
  ctx.emit('job:update', manifest);
  return manifest;
}

/** A new render with the same request. */
export async function rerunRender(ctx: OperationContext, id: string): Promise<RenderManifest> {
  ctx.assertOpen();
  const source = await mustRead(ctx, id);
  const manifest = await createFrom(ctx, source, source.request);
  await ctx.scheduler.enqueue(manifest.id, PRIORITY_NEW);
  return manifest;
}
