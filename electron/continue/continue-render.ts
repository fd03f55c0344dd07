import { copyFile, mkdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
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
  if (useGiven) {
    await mkdir(join(deps.home, 'frames'), { recursive: true });
    await copyFile(given, frame);
  } else {
    await deps.writeLastFrame(join(folder, video.file), frame, source);
  }
  await deps.inspectImage(frame);
  return deps.queue(parsed.data, { continuedFrom: { id: source.id, videoIndex } });
}
