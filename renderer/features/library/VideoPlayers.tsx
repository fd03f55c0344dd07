import { useCallback, useEffect, useRef, useState } from 'react';
import { missingVideoCount, type RenderView } from '../../../shared/job';
import { frameStepKeys, PlaybackControls } from '../../components/PlaybackControls';
import { useSyncController } from '../../components/use-sync-controller';
import { describeState } from '../../job-labels';
import './player.css';
import { SaveVideoButton } from './SaveButtons';

function emptyMessage(view: RenderView): string {
  switch (view.state) {
    case 'done':
      return 'This render has no videos.';
    case 'failed':
      return 'No videos: the render failed.';
    case 'canceled':
      return 'No videos: the render was canceled.';
    case 'needs-attention':
      return 'No videos: this render needs your attention (see the Queue).';
    case 'partial':
      return 'No videos: WeShop delivered none of this batch.';
    default:
      return `No videos yet: ${describeState(view)}.`;
  }
}

/**
 * One native player per video the core says is on disk (videoUrls), in order. A partial
 * render also shows a tile per video WeShop never delivered, so "2 of 4" is visible here too.
 */
export function VideoPlayers({ view, label }: { view: RenderView; label?: string }) {
  const delivered = view.videoUrls.length;
  const notDelivered = view.state === 'partial' ? missingVideoCount(view) : 0;
  const total = delivered + notDelivered;
  // One player at a time has its controls (each is half a dozen Tab stops); the others are
  // one button each that hands the controls over.
  const [current, setCurrent] = useState(0);
  const chosen = useRef(false);
  // Frame step, speed and loop for the player that has the controls (the native controls
  // keep play, position, volume and full screen).
  const { controller, state, slot } = useSyncController();
  if (delivered === 0) {
    return <div className="no-video">{emptyMessage(view)}</div>;
  }
  const videoName = (index: number) => `${label ? `${label}, ` : ''}video ${index + 1} of ${total}`;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: `,` and `.` are shortcuts for the frame buttons
    <div className="players-with-controls" onKeyDown={frameStepKeys(controller)}>
      <div className={`players${total > 1 ? ' players-many' : ''}`}>
        {view.videoUrls.map((url, index) => {
          const name = videoName(index);
          return url ? (
            <Player
              key={url}
              url={url}
              name={name}
              poster={index === 0 ? (view.thumbnailUrl ?? undefined) : undefined}
              current={index === current}
              mediaRef={index === current ? slot(0) : undefined}
              onChoose={() => {
                chosen.current = true;
                setCurrent(index);
              }}
              focusOnMount={chosen.current && index === current}
            />
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: a video's position is its identity
            <div key={`missing-${index}`} className="video-missing" role="img" aria-label={name}>
              Video {index + 1} is not downloaded yet
            </div>
          );
        })}
        {Array.from({ length: notDelivered }, (_, offset) => {
          const index = delivered + offset;
          return (
            <div
              key={`not-delivered-${index}`}
              className="video-missing not-delivered"
              role="img"
              aria-label={`${videoName(index)}: not delivered by WeShop`}
            >
              Video {index + 1} was not delivered by WeShop
            </div>
          );
        })}
      </div>
      <PlaybackControls
        controller={controller}
        state={state}
        label={total > 1 ? `Player tools for video ${current + 1}` : 'Player tools'}
        withTransport={false}
      />
      {view.videoUrls[current] ? (
        <div className="button-row">
          <SaveVideoButton
            view={view}
            videoIndex={view.videos[current]?.index ?? current}
            count={total}
          />
        </div>
      ) : null}
    </div>
  );
}

function Player({
  url,
  name,
  poster,
  current,
  mediaRef,
  onChoose,
  focusOnMount,
}: {
  url: string;
  name: string;
  poster: string | undefined;
  current: boolean;
  /** Given to the <video> with controls: the frame, speed and loop controls drive it. */
  mediaRef?: (element: HTMLVideoElement | null) => void;
  onChoose: () => void;
  focusOnMount: boolean;
}) {
  const video = useRef<HTMLVideoElement>(null);
  // Stable, so React does not detach and re-attach it (and re-sync) on every render.
  const setVideo = useCallback(
    (element: HTMLVideoElement | null) => {
      video.current = element;
      mediaRef?.(element);
    },
    [mediaRef],
  );
  useEffect(() => {
    if (!current || !focusOnMount || !video.current) return;
    // Chosen by the user ("Play video 2 of 4"): it takes focus and starts.
    video.current.focus();
    video.current.play?.()?.catch(() => {});
  }, [current, focusOnMount]);
  if (current) {
    return (
      // biome-ignore lint/a11y/useMediaCaption: generated videos come without captions.
      <video
        ref={setVideo}
        className="player"
        src={url}
        controls
        preload="metadata"
        poster={poster}
        aria-label={name}
      />
    );
  }
  return (
    <button type="button" className="player-pick" aria-label={`Play ${name}`} onClick={onChoose}>
      {/* biome-ignore lint/a11y/useMediaCaption: generated videos come without captions. */}
      <video className="player" src={url} preload="metadata" poster={poster} />
    </button>
  );
}
