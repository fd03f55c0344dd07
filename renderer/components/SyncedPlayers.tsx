import type { ReactNode } from 'react';
import { frameStepKeys, PlaybackControls } from './PlaybackControls';
import { useSyncController } from './use-sync-controller';
import './playback-controls.css';

export interface SyncedSource {
  /** A media URL the core made (never file://). */
  url: string;
  /** What a screen reader calls the video, e.g. "Render 1, video 1 of 2". */
  label: string;
  /** Shown under the video. */
  caption?: string;
  poster?: string;
  /** Shown under this video, e.g. a set view's Keep / Discard buttons for it. */
  extra?: ReactNode;
}

export interface SyncedPlayersProps {
  sources: readonly SyncedSource[];
  /** Names the controls group, e.g. "Playback of both renders". */
  label: string;
  /** Frames per second for frame steps, when known (30 otherwise). */
  frameRate?: number;
}

/**
 * Videos side by side that play, pause, seek, frame-step, loop and change speed together,
 * under one row of controls (sync-controller.ts does the work; the first video leads and
 * the others are corrected to it). The videos themselves have no native controls, so the one
 * control row is the only way to drive them: nothing can play out of step. `,` and `.`
 * step frames anywhere inside. Used by Compare; reusable by any side-by-side view.
 */
export function SyncedPlayers({ sources, label, frameRate }: SyncedPlayersProps) {
  const { controller, state, slot } = useSyncController({ frameRate });
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the keys are shortcuts for buttons below
    <div className="synced-players" onKeyDown={frameStepKeys(controller)}>
      <div className="synced-videos">
        {sources.map((source, index) => (
          <figure key={source.url} className="synced-video">
            <video
              ref={slot(index)}
              className="player"
              src={source.url}
              poster={source.poster}
              preload="auto"
              muted
              playsInline
              aria-label={source.label}
              onClick={() => void controller.toggle()}
            />
            {source.caption && <figcaption className="muted">{source.caption}</figcaption>}
            {source.extra}
          </figure>
        ))}
      </div>
      <PlaybackControls controller={controller} state={state} label={label} />
    </div>
  );
}
