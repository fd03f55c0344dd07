import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RenderView } from '../../../shared/job';
import { TEXT } from './storyboard-text';

/** The transitions' first videos back-to-back in one player: each starts when the one before ends. */
export function StoryboardPlayer({ renders }: { renders: readonly RenderView[] }) {
  // Re-rendered when the language changes (TEXT reads the chosen one).
  useTranslation('storyboard');
  const clips = renders.map((view) => view.videoUrls[0] ?? null);
  const [current, setCurrent] = useState(0);
  const player = useRef<HTMLVideoElement>(null);
  const url = clips[current];
  const playFrom = (index: number) => {
    setCurrent(index);
    // The new src loads on render; autoPlay starts it.
    requestAnimationFrame(() => void player.current?.play().catch(() => undefined));
  };
  return (
    <div className="storyboard-player">
      {url && (
        // biome-ignore lint/a11y/useMediaCaption: generated videos come without captions.
        <video
          ref={player}
          key={url}
          className="player"
          src={url}
          controls
          autoPlay={current > 0}
          playsInline
          aria-label={TEXT.clipLabel(current, clips.length)}
          onEnded={() => {
            if (current + 1 < clips.length) playFrom(current + 1);
          }}
        />
      )}
      <div className="button-row">
        <button type="button" onClick={() => playFrom(0)}>
          {TEXT.playAll}
        </button>
      </div>
    </div>
  );
}
