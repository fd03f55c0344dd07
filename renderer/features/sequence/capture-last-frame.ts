import { captureVideoFrame } from '../../components/capture-video-frame';

/** The last frame of a video as a full-resolution PNG data: URL (what Continue starts from). */
export function captureLastFrame(videoUrl: string): Promise<string> {
  return captureVideoFrame(videoUrl, {
    // Seeking to the very end shows the final frame (nothing plays past it).
    seekTo: (duration) =>
      Number.isFinite(duration) && duration > 0
        ? duration
        : new Error('The video has no length to seek in'),
    size: (width, height) => ({ width, height }),
    type: 'image/png',
    timeoutMs: 30_000,
    tooSlow: 'The video took too long to load its last frame',
  });
}
