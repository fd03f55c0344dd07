import type { RenderManifest, RenderView } from '../../shared/job';
import { mediaUrl } from '../../shared/media-url';
import { owedCopies } from '../library/input-pictures';

/** Adds what the renderer may not compute itself: media URLs and the render's folder. */
export function toRenderView(
  manifest: RenderManifest,
  mediaBase: string,
  folderOf: (id: string) => string,
): RenderView {
  // A copy still owed has its URL already: until the copy is made, the media handler serves
  // the original render.json records for it (library/waiting-pictures.ts), so a waiting render
  // shows its pictures and nothing changes on screen when the copy arrives.
  const owed = owedCopies(manifest);
  const owedFile = (kind: 'source' | 'end-frame') =>
    owed.find((copy) => copy.slot.kind === kind)?.file;
  const owedReference = (position: number) =>
    owed.find((copy) => copy.slot.kind === 'reference' && copy.slot.position === position)?.file;
  const url = (file: string | undefined) => (file ? mediaUrl(mediaBase, manifest.id, file) : null);
  const view: RenderView = {
    ...manifest,
    videoUrls: manifest.videos.map((video) => url(video.file)),
    thumbnailUrl: url(manifest.thumbnailFile),
    sourceImageUrl: url(manifest.sourceImageFile ?? owedFile('source')),
    folder: folderOf(manifest.id),
  };
  // Every input picture the library kept: the end frame and reference images 2–4.
  const endFrameUrl = url(manifest.endFrameFile ?? owedFile('end-frame'));
  if (endFrameUrl) view.endFrameUrl = endFrameUrl;
  if (manifest.moreImageCopies)
    view.moreImageUrls = manifest.moreImageCopies.map((picture, position) =>
      url(picture.file ?? owedReference(position)),
    );
  return view;
}
