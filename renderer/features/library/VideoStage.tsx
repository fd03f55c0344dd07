import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RenderView } from '../../../shared/job';
import { useAppStore } from '../../app-context';
import { frameStepKeys, PlaybackControls } from '../../components/PlaybackControls';
import { useSyncController } from '../../components/use-sync-controller';
import { describeState } from '../../job-labels';
import { SaveVideoButton } from './SaveButtons';
import { SaveFrameButton } from './SaveFrameButton';
import { VideoSwitcher } from './VideoSwitcher';
import { type VideoSlot, videoSlots } from './video-slots';
import './player.css';

/** Why a render has nothing to play, in its state's words. */
function useEmptyMessage(view: RenderView): string {
  const { t } = useTranslation('detail');
  switch (view.state) {
    case 'done':
      return t('empty.done');
    case 'failed':
      return t('empty.failed');
    case 'canceled':
      return t('empty.canceled');
    case 'needs-attention':
      return t('empty.needsAttention');
    case 'partial':
      return t('empty.partial');
    default:
      return t('empty.waiting', { state: describeState(view) });
  }
}

/**
 * A video downloaded before frame rates were recorded has none: the core reads it from the MP4
 * once (and stores it) when the video is shown; until then frame steps assume 30 fps and the
 * readout says so. Asked once per video while this view is open; a failure keeps 30 fps.
 */
function useAskedFrameRate(id: string, slot: VideoSlot | undefined) {
  const readFrameRate = useAppStore((state) => state.readFrameRate);
  const asked = useRef(new Set<string>());
  const index = slot?.index;
  const missing = slot?.status === 'ready' && slot.frameRate === undefined;
  useEffect(() => {
    if (!missing || index === undefined) return;
    const key = `${id}#${index}`;
    if (asked.current.has(key)) return;
    asked.current.add(key);
    readFrameRate(id, index).catch((error: unknown) =>
      // Not worth a toast: the view already says 30 fps is assumed.
      console.warn('could not read the frame rate of', key, error),
    );
  }, [id, index, missing, readFrameRate]);
}

/**
 * The detail view's heart: one large player for the video shown, a switcher between the
 * batch's videos (thumbnails), and frame step (at the file's real frame rate), speed, loop,
 * Save frame and Save video, all acting on the video shown. Speed and loop stay as they were
 * when another video is shown; a video that was playing hands over to one that starts.
 */
export function VideoStage({ view }: { view: RenderView }) {
  const { t } = useTranslation('detail');
  const slots = videoSlots(view);
  const firstReady = Math.max(
    0,
    slots.findIndex((slot) => slot.status === 'ready'),
  );
  const [shown, setShown] = useState(firstReady);
  const current: VideoSlot | undefined = slots[Math.min(shown, slots.length - 1)];
  const { controller, state, slot } = useSyncController({ frameRate: current?.frameRate });
  const video = useRef<HTMLVideoElement | null>(null);
  const playOnShow = useRef(false);
  const panelId = useId();
  const emptyMessage = useEmptyMessage(view);
  useEffect(() => controller.setFrameRate(current?.frameRate), [controller, current?.frameRate]);
  useAskedFrameRate(view.id, current);
  const attach = slot(0);
  // Stable, so React does not detach and re-attach the player (and re-sync) on every render.
  const setVideo = useCallback(
    (element: HTMLVideoElement | null) => {
      video.current = element;
      attach(element);
    },
    [attach],
  );

  if (!current || !slots.some((slot) => slot.status === 'ready')) {
    return <div className="no-video">{emptyMessage}</div>;
  }
  const total = slots.length;
  const name = t('videoName', { n: current.index + 1, total });
  const show = (position: number) => {
    playOnShow.current = state.playing;
    setShown(position);
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: `,` and `.` are shortcuts for the frame buttons
    <div className="stage" onKeyDown={frameStepKeys(controller)}>
      <div
        id={panelId}
        className="stage-screen"
        {...(total > 1 ? { role: 'tabpanel', 'aria-labelledby': `${panelId}-tab-${shown}` } : {})}
      >
        {current.url ? (
          // biome-ignore lint/a11y/useMediaCaption: generated videos come without captions.
          <video
            key={current.url}
            ref={setVideo}
            className="stage-video"
            src={current.url}
            controls
            preload="metadata"
            poster={current.index === 0 ? (view.thumbnailUrl ?? undefined) : undefined}
            autoPlay={playOnShow.current}
            aria-label={name}
            data-autofocus
          />
        ) : (
          <div className="stage-missing" role="img" aria-label={name}>
            {current.status === 'not-delivered'
              ? t('notDelivered', { n: current.index + 1 })
              : t('notDownloaded', { n: current.index + 1 })}
          </div>
        )}
      </div>
      {total > 1 && <VideoSwitcher slots={slots} shown={shown} panelId={panelId} onShow={show} />}
      <div className="stage-tools">
        <PlaybackControls
          controller={controller}
          state={state}
          label={total > 1 ? t('toolsFor', { name }) : t('tools')}
          withTransport={false}
          frameReadout={{ known: current.frameRate !== undefined }}
        />
        {current.url && (
          <div className="button-row stage-save">
            <SaveFrameButton
              view={view}
              videoIndex={current.index}
              video={video}
              frameRate={state.frameRate}
            />
            <SaveVideoButton view={view} videoIndex={current.index} count={total} />
          </div>
        )}
      </div>
    </div>
  );
}
