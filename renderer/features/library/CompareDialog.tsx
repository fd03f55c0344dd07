import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { RenderView } from '../../../shared/job';
import { useAppStore } from '../../app-context';
import { Dialog } from '../../components/Dialog';
import { SyncedPlayers, type SyncedSource } from '../../components/SyncedPlayers';
import { excerpt } from '../../format';
import { formatList, formatNumber } from '../../i18n/format';
import { renderName } from './input-pictures';
import { compareSettings } from './settings-diff';
import './compare.css';
import './detail.css';

const deliveredVideos = (view: RenderView) =>
  view.videoUrls.flatMap((url, index) => (url ? [{ url, index }] : []));

/**
 * Two renders: one video of each plays in sync (play, pause, scrub, frame step together),
 * and below, every setting side by side with the ones that differ marked (in words as well
 * as colour). A batch picks which of its videos takes part.
 */
export function CompareDialog() {
  const { t } = useTranslation('detail');
  const views = useAppStore(
    useShallow((state) => state.compareIds.flatMap((id) => state.jobs[id] ?? [])),
  );
  const setCompareOpen = useAppStore((state) => state.setCompareOpen);
  const [chosen, setChosen] = useState<Record<string, number>>({});
  const rows = compareSettings(views);
  const differing = rows.filter((row) => row.differs).length;

  const sources: SyncedSource[] = views.flatMap((view, side) => {
    const videos = deliveredVideos(view);
    const pick = videos.find((video) => video.index === chosen[view.id]) ?? videos[0];
    if (!pick) return [];
    const caption =
      videos.length > 1
        ? t('compare.renderVideo', { side: side + 1, n: pick.index + 1 })
        : t('compare.render', { side: side + 1 });
    return [
      {
        url: pick.url,
        label: t('compare.sourceLabel', { caption, name: excerpt(renderName(view), 60) }),
        caption,
        poster: pick.index === 0 ? (view.thumbnailUrl ?? undefined) : undefined,
      },
    ];
  });
  const withoutVideo = views.flatMap((view, side) =>
    deliveredVideos(view).length === 0 ? [t('compare.render', { side: side + 1 })] : [],
  );

  return (
    <Dialog title={t('compare.title')} onClose={() => setCompareOpen(false)}>
      <div className="compare">
        {views.some((view) => deliveredVideos(view).length > 1) && (
          <div className="compare-pick">
            {views.map((view, side) => {
              const videos = deliveredVideos(view);
              if (videos.length < 2) return null;
              return (
                <label key={view.id}>
                  {t('compare.plays', { side: side + 1 })}
                  <select
                    value={chosen[view.id] ?? videos[0]?.index}
                    onChange={(event) => {
                      const index = Number(event.currentTarget.value);
                      setChosen((old) => ({ ...old, [view.id]: index }));
                    }}
                  >
                    {videos.map((video) => (
                      <option key={video.index} value={video.index}>
                        {t('tabName', { n: video.index + 1, total: videos.length })}
                      </option>
                    ))}
                  </select>
                </label>
              );
            })}
          </div>
        )}
        {sources.length > 0 ? (
          // Keyed by the videos: a new pick is a new set of elements to sync from the top.
          <SyncedPlayers
            key={sources.map((source) => source.url).join(' ')}
            sources={sources}
            label={t('compare.playback')}
          />
        ) : null}
        {withoutVideo.length > 0 && (
          <p className="muted">{t('compare.noVideo', { renders: formatList(withoutVideo) })}</p>
        )}
        <table className="compare-settings">
          <caption>
            {differing === 0
              ? t('compare.allSame')
              : t('compare.differ', { count: differing, n: formatNumber(differing) })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('compare.setting')}</th>
              {views.map((view, side) => (
                <th key={view.id} scope="col">
                  {t('compare.render', { side: side + 1 })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.label} className={row.differs ? 'differs' : undefined}>
                <th scope="row">
                  {row.label}
                  {row.differs && <span className="differs-mark">{t('compare.differs')}</span>}
                </th>
                {row.values.map((value, side) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a column's position is its render
                  <td key={side}>{value}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Dialog>
  );
}
