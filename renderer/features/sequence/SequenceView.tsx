import { useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RenderView } from '../../../shared/job';
import { sequenceOf, sequenceVideoIndexes } from '../../../shared/sequence';
import { useAppStore, useClient } from '../../app-context';
import { errorMessage } from '../../bridge';
import { Dialog } from '../../components/Dialog';
import { excerpt } from '../../format';
import '../../components/chip-row.css';
import './sequence.css';

/** The chain a render belongs to, from the renders the renderer knows (oldest first). */
export function useSequence(id: string): RenderView[] {
  return useAppStore(useShallow((state) => sequenceOf(id, Object.values(state.jobs))));
}

/**
 * A sequence: renders made with Continue, played back-to-back in one player (each clip
 * starts when the one before ends), and exported as numbered files in play order.
 */
export function SequenceView({ id, onClose }: { id: string; onClose: () => void }) {
  const client = useClient();
  const pushToast = useAppStore((state) => state.pushToast);
  const chain = useSequence(id);
  const indexes = sequenceVideoIndexes(chain);
  const clips = chain.map((view, i) => ({
    view,
    url: view.videoUrls[indexes[i] ?? 0] ?? null,
  }));
  const [current, setCurrent] = useState(0);
  const [exporting, setExporting] = useState(false);
  const player = useRef<HTMLVideoElement>(null);
  const playing = clips[current];

  const playFrom = (index: number) => {
    setCurrent(index);
    // The new src loads on render; autoPlay starts it.
    requestAnimationFrame(() => void player.current?.play().catch(() => undefined));
  };

  async function exportClips() {
    if (exporting) return;
    setExporting(true);
    try {
      const { folder, files } = await client.call('sequence:export', { id });
      if (folder) pushToast('success', `Exported ${files.length} clips in order to ${folder}`);
    } catch (error) {
      pushToast('error', `Could not export the sequence: ${errorMessage(error)}`);
    } finally {
      setExporting(false);
    }
  }

  return (
    <Dialog title={`Sequence of ${chain.length} renders`} onClose={onClose}>
      <div className="sequence">
        {playing?.url ? (
          // biome-ignore lint/a11y/useMediaCaption: generated videos come without captions.
          <video
            ref={player}
            key={playing.url}
            className="player sequence-player"
            src={playing.url}
            controls
            autoPlay={current > 0}
            playsInline
            aria-label={`Clip ${current + 1} of ${clips.length}: ${excerpt(playing.view.request.prompt, 60)}`}
            onEnded={() => {
              if (current + 1 < clips.length) playFrom(current + 1);
            }}
          />
        ) : (
          <p className="muted">Clip {current + 1} is not downloaded yet.</p>
        )}
        <ol className="chip-row sequence-clips" aria-label="Clips in play order">
          {clips.map((clip, i) => (
            <li key={clip.view.id}>
              <button
                type="button"
                className="chip"
                aria-current={i === current ? 'true' : undefined}
                disabled={!clip.url}
                onClick={() => playFrom(i)}
              >
                {i + 1}. {excerpt(clip.view.request.prompt, 50)}
                {clip.url ? '' : ' (not downloaded)'}
              </button>
            </li>
          ))}
        </ol>
        <div className="button-row">
          <button type="button" onClick={() => playFrom(0)}>
            Play from the start
          </button>
          <button type="button" aria-disabled={exporting} onClick={() => void exportClips()}>
            {exporting ? 'Exporting…' : 'Export clips in order…'}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
