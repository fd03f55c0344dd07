import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { RenderView } from '../../../shared/job';
import { useAppStore } from '../../app-context';
import { errorMessage } from '../../bridge';
import { frameAt } from '../../components/PlaybackControls';
import { i18n } from '../../i18n';

/** "slow-dolly-in-on-the-portrait": a file name from the prompt's first words. */
export function promptSlug(prompt: string): string {
  const words = prompt
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return words || 'kling-video';
}

/** The frame a <video> shows right now, as a PNG data: URL at the video's own size. */
export function captureShownFrame(video: HTMLVideoElement): string {
  if (!video.videoWidth || !video.videoHeight) throw new Error(i18n.t('detail:frameNotLoaded'));
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const context = canvas.getContext('2d');
  if (!context) throw new Error(i18n.t('detail:frameNoCanvas'));
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/png');
}

/**
 * Save frame…: the frame the large player shows, as a PNG at the video's size. It goes out as
 * a download, so the app's save dialog asks where (the browser's download in tests).
 */
export function SaveFrameButton({
  view,
  videoIndex,
  video,
  frameRate,
}: {
  view: RenderView;
  videoIndex: number;
  video: RefObject<HTMLVideoElement | null>;
  frameRate: number;
}) {
  const { t } = useTranslation('detail');
  const pushToast = useAppStore((state) => state.pushToast);
  const save = () => {
    const element = video.current;
    try {
      if (!element) throw new Error(t('frameNotShown'));
      element.pause();
      const frame = frameAt(element.currentTime, frameRate);
      const link = document.createElement('a');
      link.href = captureShownFrame(element);
      link.download = `${promptSlug(view.request.prompt)}-video-${videoIndex + 1}-frame-${frame}.png`;
      link.click();
    } catch (error) {
      pushToast('error', t('saveFrameFailed', { reason: errorMessage(error) }));
    }
  };
  return (
    <button type="button" onClick={save}>
      {t('saveFrame')}
    </button>
  );
}
