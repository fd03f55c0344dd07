import { KlingError, messageOf, renderNotFound } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import type { Library } from './library';
import { readVideoTiming } from './mp4-timing';

/*
 * Videos downloaded before the download step recorded frame rates have no VideoEntry.frameRate,
 * so the detail view would step 1/30 s. When it shows such a video it asks for the rate: read
 * from the MP4's boxes (mp4-timing.ts) once, then stored in render.json through the library's
 * normal atomic write, so the next view (in any process) has it without reading the file.
 */

export interface FrameRateDeps {
  library: Pick<Library, 'read' | 'update' | 'driver' | 'resolveMediaFile'>;
  warn: (message: string, fields: Record<string, unknown>) => void;
}

/** The rate as the download step records it: six decimals (29.97002997… → 29.97003). */
export const roundFrameRate = (rate: number) => Math.round(rate * 1e6) / 1e6;

/** The MP4's frame rate, or null when it has no readable video track or cannot be read. */
async function readRate(deps: FrameRateDeps, id: string, index: number, path: string) {
  try {
    const timing = await readVideoTiming(path);
    if (timing && timing.frameRate > 0 && timing.frameRate <= 1000)
      return roundFrameRate(timing.frameRate);
    deps.warn('no video track timing in the MP4', { id, video: index });
  } catch (error) {
    deps.warn('could not read the video timing', { id, video: index, error: messageOf(error) });
  }
  return null;
}

/**
 * The render with video `videoIndex`'s frame rate filled in, reading the file only when the
 * manifest has none. The rate is stored unless another live process drives the render (its
 * writes to render.json are its own, decision 0004): then it is only returned, and read again
 * next time. Only an entry still without a rate and still naming the same file is written.
 * A video not downloaded (or not readable) comes back without a rate; the view says 30 fps is
 * assumed.
 */
export async function withFrameRate(
  deps: FrameRateDeps,
  id: string,
  videoIndex: number,
): Promise<RenderManifest> {
  const manifest = await deps.library.read(id);
  if (!manifest) throw renderNotFound(id);
  const entry = manifest.videos.find((video) => video.index === videoIndex);
  if (!entry)
    throw new KlingError(
      'invalid-input',
      `Render ${id} has no video ${videoIndex + 1}: it has ${manifest.videos.length}. Pick one of those.`,
    );
  const file = entry.file;
  if (entry.frameRate !== undefined || !file) return manifest;
  const path = await deps.library.resolveMediaFile(id, file);
  const rate = path && (await readRate(deps, id, videoIndex, path));
  if (!rate) return manifest;
  const fill = (m: RenderManifest) => {
    const target = m.videos.find((video) => video.index === videoIndex);
    if (target && target.file === file && target.frameRate === undefined) target.frameRate = rate;
    return m;
  };
  const driver = await deps.library.driver(id);
  if (driver !== null && driver !== 'this') return fill(manifest);
  try {
    return await deps.library.update(id, fill);
  } catch (error) {
    // A library it cannot write (a read-only disk): the rate still serves this view.
    deps.warn('could not store the frame rate', { id, video: videoIndex, error: messageOf(error) });
    return fill(manifest);
  }
}
