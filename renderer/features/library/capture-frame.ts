import { captureVideoFrame } from '../../components/capture-video-frame';
import { i18n } from '../../i18n';

const THUMBNAIL_WIDTH = 320;

/** The first frame of a video as a ~320 px wide JPEG data: URL (the Library's thumbnails). */
export function captureFirstFrame(videoUrl: string, width = THUMBNAIL_WIDTH): Promise<string> {
  return captureVideoFrame(videoUrl, {
    // Seeking a hair past 0 makes browsers paint a real frame, not a black one.
    seekTo: (duration) => Math.min(0.05, (duration || 1) / 2),
    size: (videoWidth, videoHeight) => ({
      width,
      height: Math.max(1, Math.round((width * videoHeight) / videoWidth)),
    }),
    type: 'image/jpeg',
    quality: 0.8,
    timeoutMs: 20_000,
    tooSlow: i18n.t('detail:thumbnailTooSlow'),
  });
}
