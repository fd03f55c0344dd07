import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { continueRequest } from '../../shared/continue-request';
import { stateParam } from '../../shared/core-messages';
import { coreError, renderNotFound } from '../../shared/errors';
import { refusalError } from '../../shared/issues-said';
import type { RenderManifest, VideoEntry } from '../../shared/job';
import type { Duration, ModelName } from '../../shared/models';
import { type ImageSource, isRemoteImage, type RenderRequest } from '../../shared/render-request';
import type { CreateRenderOptions } from '../library/library';

export interface ContinueInput {
  id: string;
  prompt: string;
  /** Another first-frame model; default the source's (refused when it takes no first frame). */
  model?: ModelName | undefined;
  duration?: Duration | undefined;
  /** How many videos the new render makes; default 1, never the source's batch silently. */
  batchCount?: number | undefined;
  /** The picture the new render ends on: a local file (absolute) or an https URL. */
  endFrame?: ImageSource | undefined;
  /** Which video of a batch; default the first. */
  videoIndex?: number | undefined;
}

export interface ContinueDeps {
  home: string;
  read(id: string): Promise<RenderManifest | null>;
  folderOf(id: string): string;
  /** Puts the frame of `video` (an absolute path) at `png`. */
  writeLastFrame(video: string, png: string, source: RenderManifest): Promise<void>;
  /** Checks the frame as a Kling image (format, size, pixels, aspect); throws invalid-input. */
  inspectImage(path: string): Promise<unknown>;
  /**
   * Checks a local end frame the person chose, as any picture of a request is checked where
   * this runs (the app also refuses relative paths); default inspectImage.
   */
  checkPicture?(path: string): Promise<unknown>;
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
    throw source.videos.some((v) => v.file)
      ? coreError('invalid-input', 'noDownloadedVideo', { id: source.id, number: videoIndex + 1 })
      : coreError('invalid-input', 'noVideoToContinue', {
          id: source.id,
          state: stateParam(source.state),
        });
  }
  return { ...video, file: video.file };
}

/**
 * "Continue": the last frame of a finished video becomes the first frame of a new render with
 * the source's settings where the chosen model takes them (shared/continue-request.ts), a new
 * prompt, the batch count asked for and, optionally, a picture to end on; the new render
 * records where it came from (continuedFrom). Everything is checked before it is queued: the
 * request first (a model without a first frame, an end frame on Kling 2.1 Master), then the end
 * frame, then the frame itself.
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
  const checked = continueRequest(source.request, {
    frame,
    prompt: input.prompt,
    model: input.model,
    duration: input.duration,
    batchCount: input.batchCount ?? 1,
    endFrame: input.endFrame,
  });
  if (!checked.ok) throw refusalError(checked);
  const { endFrame } = checked.request;
  if (endFrame !== undefined && !isRemoteImage(endFrame)) {
    await (deps.checkPicture ?? deps.inspectImage)(endFrame);
  }
  await replaceFrame(frame, async (partial) => {
    if (useGiven) await copyFile(given, partial);
    else await deps.writeLastFrame(join(folder, video.file), partial, source);
    await deps.inspectImage(partial);
  });
  return deps.queue(checked.request, { continuedFrom: { id: source.id, videoIndex } });
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
