import { captureVideoFrame } from '../../components/capture-video-frame';
import { i18n } from '../../i18n';

/** The last frame of a video as a full-resolution PNG data: URL (what Continue starts from). */
export function captureLastFrame(videoUrl: string): Promise<string> {
  return captureVideoFrame(videoUrl, {
    // Seeking to the very end shows the final frame (nothing plays past it).
    seekTo: (duration) =>
      Number.isFinite(duration) && duration > 0
        ? duration
        : new Error(i18n.t('sequence:continue.noLength')),
    size: (width, height) => ({ width, height }),
    type: 'image/png',
    timeoutMs: 30_000,
    tooSlow: i18n.t('sequence:continue.tooSlow'),
  });
}
