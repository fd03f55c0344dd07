import type { RenderManifest, RenderView } from '../../shared/job';
import { mediaUrl } from '../../shared/media-url';

/** Adds what the renderer may not compute itself: media URLs and the render's folder. */
export function toRenderView(
  manifest: RenderManifest,
  mediaBase: string,
  folderOf: (id: string) => string,
): RenderView {
  const url = (file: string | undefined) => (file ? mediaUrl(mediaBase, manifest.id, file) : null);
  const view: RenderView = {
    ...manifest,
    videoUrls: manifest.videos.map((video) => url(video.file)),
    thumbnailUrl: url(manifest.thumbnailFile),
    sourceImageUrl: url(manifest.sourceImageFile),
    folder: folderOf(manifest.id),
  };
  // Every input picture the library kept: the end frame and reference images 2–4.
  const endFrameUrl = url(manifest.endFrameFile);
  if (endFrameUrl) view.endFrameUrl = endFrameUrl;
  if (manifest.moreImageCopies)
    view.moreImageUrls = manifest.moreImageCopies.map((picture) => url(picture.file));
  return view;
}
