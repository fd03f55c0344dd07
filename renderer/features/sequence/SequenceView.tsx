import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation('sequence');
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
      if (folder) {
        pushToast('success', t('sequence.exported', { count: files.length, folder }));
      }
    } catch (error) {
      pushToast('error', t('sequence.exportFailed', { message: errorMessage(error) }));
    } finally {
      setExporting(false);
    }
  }

  return (
    <Dialog title={t('sequence.title', { count: chain.length })} onClose={onClose}>
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
            aria-label={t('sequence.clip', {
              n: current + 1,
              of: clips.length,
              prompt: excerpt(playing.view.request.prompt, 60),
            })}
            onEnded={() => {
              if (current + 1 < clips.length) playFrom(current + 1);
            }}
          />
        ) : (
          <p className="muted">{t('sequence.notDownloaded', { n: current + 1 })}</p>
        )}
        <ol className="chip-row sequence-clips" aria-label={t('sequence.clips')}>
          {clips.map((clip, i) => (
            <li key={clip.view.id}>
              <button
                type="button"
                className="chip"
                aria-current={i === current ? 'true' : undefined}
                disabled={!clip.url}
                onClick={() => playFrom(i)}
              >
                {t(clip.url ? 'sequence.chip' : 'sequence.chipMissing', {
                  n: i + 1,
                  prompt: excerpt(clip.view.request.prompt, 50),
                })}
              </button>
            </li>
          ))}
        </ol>
        <div className="button-row">
          <button type="button" onClick={() => playFrom(0)}>
            {t('sequence.playFromStart')}
          </button>
          <button type="button" aria-disabled={exporting} onClick={() => void exportClips()}>
            {exporting ? t('sequence.exporting') : t('sequence.export')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
