import type { RenderManifest, RenderView } from '../../shared/job';
import { mediaUrl } from '../../shared/media-url';

/** Adds what the renderer may not compute itself: media URLs and the render's folder. */
export function toRenderView(
  manifest: RenderManifest,
  mediaBase: string,
  folderOf: (id: string) => string,
): RenderView {
  return {
    ...manifest,
    videoUrls: manifest.videos.map((video) =>
      video.file ? mediaUrl(mediaBase, manifest.id, video.file) : null,
    ),
    thumbnailUrl: manifest.thumbnailFile
      ? mediaUrl(mediaBase, manifest.id, manifest.thumbnailFile)
      : null,
    sourceImageUrl: manifest.sourceImageFile
      ? mediaUrl(mediaBase, manifest.id, manifest.sourceImageFile)
      : null,
    folder: folderOf(manifest.id),
  };
}
