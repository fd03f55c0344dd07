import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RenderView } from '../../../shared/job';
import { useAppStore } from '../../app-context';
import { Dialog } from '../../components/Dialog';
import { SyncedPlayers, type SyncedSource } from '../../components/SyncedPlayers';
import { excerpt } from '../../format';
import { formatSeconds } from '../../i18n/format';
import { stateLabel } from '../../job-labels';
import { renderName } from '../library/input-pictures';
import { describeSet } from './set-groups';
import { useSetRenders } from './set-queries';
import './sets.css';
import { modelName } from '../../i18n/model-label';

/**
 * One set of variations: the first video of each render side by side, in sync (play, pause,
 * seek, frame step together), and per render Keep (a favourite) or Discard (deleted, with
 * the Library's Undo).
 */
export function SetView({ setId, onClose }: { setId: string; onClose: () => void }) {
  const { renders: asked, total, error } = useSetRenders(setId);
  const group = useMemo(
    () => (asked ? { setId, renders: asked, createdAt: asked[0]?.createdAt ?? '' } : undefined),
    [asked, setId],
  );
  const { t } = useTranslation('sets');
  const setFavourite = useAppStore((state) => state.setFavourite);
  const deleteWithUndo = useAppStore((state) => state.deleteWithUndo);
  const renders = group?.renders ?? [];
  const label = (i: number) => {
    const r = renders[i];
    return r
      ? t('variation', {
          index: i + 1,
          model: modelName(r.request.model),
          duration: formatSeconds(r.request.duration),
        })
      : '';
  };
  const verdict = (render: RenderView, i: number) => (
    <span className="button-row set-verdict">
      <button
        type="button"
        aria-pressed={render.favourite}
        aria-label={t('keepLabel', { label: label(i) })}
        onClick={() => void setFavourite(render.id, !render.favourite)}
      >
        {render.favourite ? t('kept') : t('keep')}
      </button>
      <button
        type="button"
        className="danger"
        aria-label={t('discardLabel', { label: label(i) })}
        onClick={() => deleteWithUndo(render.id)}
      >
        {t('discard')}
      </button>
    </span>
  );
  const firstVideo = (render: RenderView) => render.videoUrls.find((u): u is string => Boolean(u));
  // Every downloaded video of each render (a batch of 2 plays as two), all in sync; Keep /
  // Discard sit under the render's first video; renders still without one are listed below.
  const sources: SyncedSource[] = renders.flatMap((render, i) => {
    const urls = render.videoUrls.filter((u): u is string => Boolean(u));
    return urls.map((url, v) => {
      const which = urls.length > 1 ? t('whichVideo', { n: v + 1, count: urls.length }) : '';
      return {
        url,
        label: t('sourceLabel', {
          label: `${label(i)}${which}`,
          name: excerpt(renderName(render), 60),
        }),
        caption: t('caption', {
          label: `${label(i)}${which}`,
          name: excerpt(renderName(render), 40),
        }),
        poster: v === 0 ? (render.thumbnailUrl ?? undefined) : undefined,
        ...(v === 0 ? { extra: verdict(render, i) } : {}),
      };
    });
  });
  const waiting = renders.flatMap((render, i) => (firstVideo(render) ? [] : [{ render, i }]));

  return (
    <Dialog
      title={
        group ? t('dialogTitle', { count: total, what: describeSet(group) }) : t('dialogLoading')
      }
      onClose={onClose}
    >
      <div className="set-view">
        {error && (
          <p className="banner error" role="alert">
            {t('loadFailed', { error })}
          </p>
        )}
        {total > renders.length && (
          <p className="muted">{t('firstOf', { shown: renders.length, total })}</p>
        )}
        {sources.length > 0 ? (
          <SyncedPlayers
            key={sources.map((s) => s.url).join(' ')}
            sources={sources}
            label={t('playback')}
          />
        ) : (
          <p className="muted">{asked ? t('noVideo') : t('loading')}</p>
        )}
        {waiting.length > 0 && (
          <ul className="set-verdicts" aria-label={t('waiting')}>
            {waiting.map(({ render, i }) => (
              <li key={render.id}>
                <span className="set-verdict-label">
                  {t('caption', { label: label(i), name: excerpt(renderName(render), 50) })}
                  <span className="muted"> {t('state', { state: stateLabel(render.state) })}</span>
                </span>
                {verdict(render, i)}
              </li>
            ))}
          </ul>
        )}
      </div>
    </Dialog>
  );
}
