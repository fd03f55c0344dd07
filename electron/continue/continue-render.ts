import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { KlingError, renderNotFound } from '../../shared/errors';
import type { RenderManifest, VideoEntry } from '../../shared/job';
import type { Duration, ModelName } from '../../shared/models';
import { describeIssues, RenderRequest } from '../../shared/render-request';
import type { CreateRenderOptions } from '../library/library';

export interface ContinueInput {
  id: string;
  prompt: string;
  model?: ModelName;
  duration?: Duration;
  /** Which video of a batch; default the first. */
  videoIndex?: number;
}

export interface ContinueDeps {
  home: string;
  read(id: string): Promise<RenderManifest | null>;
  folderOf(id: string): string;
  /** Puts the frame of `video` (an absolute path) at `png`. */
  writeLastFrame(video: string, png: string, source: RenderManifest): Promise<void>;
  /** Checks the frame as a Kling image (format, size, pixels, aspect); throws invalid-input. */
  inspectImage(path: string): Promise<unknown>;
  queue(request: RenderRequest, options: CreateRenderOptions): Promise<RenderManifest>;
}

/** Where a render's last frame is kept: outside any render folder, so deleting one keeps it. */
export const lastFramePath = (home: string, id: string, videoIndex: number, ext = '.png') =>
  join(home, 'frames', `${id}-video-${videoIndex + 1}-last${ext}`);

const isFile = (path: string) =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );

/** The video a continuation starts from: one that is on disk. */
function sourceVideo(source: RenderManifest, videoIndex: number): VideoEntry & { file: string } {
  const video = source.videos.find((v) => v.index === videoIndex);
  if (!video?.file) {
    throw new KlingError(
      'invalid-input',
      source.videos.some((v) => v.file)
        ? `Render ${source.id} has no downloaded video ${videoIndex + 1}`
        : `Render ${source.id} has no downloaded video to continue from (it is ${source.state})`,
    );
  }
  return { ...video, file: video.file };
}

/**
 * "Continue": the last frame of a finished video becomes the image of a new render with the
 * same settings (model, duration, audio, batch unless given) and a new prompt; the new render
 * records where it came from (continuedFrom). Everything is checked before it is queued.
 */
export async function continueRender(
  deps: ContinueDeps,
  input: ContinueInput,
): Promise<RenderManifest> {
  const source = await deps.read(input.id);
  if (!source) throw renderNotFound(input.id);
  const videoIndex = input.videoIndex ?? 0;
  const video = sourceVideo(source, videoIndex);
  const folder = deps.folderOf(source.id);
  // WeShop's own lastFrame, when the run gave one and it was downloaded: exact, no decoding.
  const given = video.lastFrameFile ? join(folder, video.lastFrameFile) : null;
  const useGiven = given !== null && (await isFile(given));
  const frame = lastFramePath(deps.home, source.id, videoIndex, useGiven ? extname(given) : '.png');
  const parsed = RenderRequest.safeParse({
    ...source.request,
    image: frame,
    prompt: input.prompt,
    ...(input.model ? { model: input.model } : {}),
    ...(input.duration ? { duration: input.duration } : {}),
  });
  if (!parsed.success) throw new KlingError('invalid-input', describeIssues(parsed.error));
  await replaceFrame(frame, async (partial) => {
    if (useGiven) await copyFile(given, partial);
    else await deps.writeLastFrame(join(folder, video.file), partial, source);
    await deps.inspectImage(partial);
  });
  return deps.queue(parsed.data, { continuedFrom: { id: source.id, videoIndex } });
}

/**
 * Writes the frame beside its final name, checks it, then renames it into place. The same
 * video continued twice writes the same path, which an earlier continuation may still be
 * hashing or uploading as its image: a write in place (or a crash during one) would hand that
 * render a truncated picture. A rename swaps the whole file at once, and a frame that fails
 * its checks never replaces a good one. The partial file keeps the extension (ffmpeg picks
 * the format from it).
 */
async function replaceFrame(frame: string, write: (partial: string) => Promise<void>) {
  const ext = extname(frame);
  const partial = `${frame.slice(0, frame.length - ext.length)}.partial-${randomUUID().slice(0, 8)}${ext}`;
  await mkdir(dirname(frame), { recursive: true });
  try {
    await write(partial);
    await rename(partial, frame);
  } catch (error) {
    await rm(partial, { force: true });
    // The checks name the file they read: name the frame the user knows, not the partial one.
    if (error instanceof Error) error.message = error.message.replaceAll(partial, frame);
    throw error;
  }
}
