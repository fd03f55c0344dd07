import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RenderView } from '../../../shared/job';
import { sequenceVideoIndexes } from '../../../shared/sequence';
import { useAppStore, useClient } from '../../app-context';
import { errorMessage } from '../../bridge';
import { Dialog } from '../../components/Dialog';
import { excerpt } from '../../format';
import { useFreshRenders, useLibraryAnswer } from '../../library-answer';
import '../../components/chip-row.css';
import './sequence.css';

/** Renders the renderer saw (events, actions) continuing one of `known`, yet not in it. */
function newContinuations(jobs: Readonly<Record<string, RenderView>>, known: ReadonlySet<string>) {
  return Object.values(jobs)
    .filter((r) => r.continuedFrom && known.has(r.continuedFrom.id) && !known.has(r.id))
    .map((r) => r.id)
    .join(' ');
}

/**
 * The chain a render belongs to (oldest first), from the core: the Library holds pages, so
 * the rest of a chain may not be held at all. Asked again after every Library reload and when
 * a continuation of the chain is seen (made here or by another process); [] until it answers.
 */
export function useSequence(id: string): { chain: RenderView[]; error: string | null } {
  const client = useClient();
  const known = useRef<ReadonlySet<string>>(new Set([id]));
  const unseen = useAppStore((state) => newContinuations(state.jobs, known.current));
  const { value, error } = useLibraryAnswer(
    () => client.call('sequence:get', { id }),
    `${id} ${unseen}`,
  );
  const chain = useFreshRenders(value) ?? [];
  known.current = new Set(value ? value.map((r) => r.id) : [id]);
  return { chain, error };
}

/**
 * A sequence: renders made with Continue, played back-to-back in one player (each clip
 * starts when the one before ends), and exported as numbered files in play order.
 */
export function SequenceView({
  id,
  chain,
  error,
  onClose,
}: {
  id: string;
  /** useSequence's answer, from the detail view that opened it (one question, one answer). */
  chain: readonly RenderView[];
  error: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('sequence');
  const client = useClient();
  const pushToast = useAppStore((state) => state.pushToast);
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
        {error && (
          <p className="banner error" role="alert">
            {t('sequence.lookupFailed', { error })}
          </p>
        )}
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
