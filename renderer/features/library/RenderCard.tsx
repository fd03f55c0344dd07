import { useEffect } from 'react';
import type { RenderView } from '../../../shared/job';
import { MODEL_CATALOGUE } from '../../../shared/models';
import { useAppStore } from '../../app-context';
import { FilmIcon } from '../../components/icons';
import { StateBadge } from '../../components/StateBadge';
import { excerpt, formatDate, formatDay } from '../../format';
import { FavouriteButton } from './FavouriteButton';
import type { ThumbnailQueue } from './thumbnail-queue';

export interface RenderCardProps {
  view: RenderView;
  position: number;
  total: number;
  thumbnails: ThumbnailQueue;
  /** In Tab order (the grid's roving tabindex); the others are reached with arrow keys. */
  active?: boolean;
}

export function RenderCard({ view, position, total, thumbnails, active = true }: RenderCardProps) {
  const tabIndex = active ? 0 : -1;
  const openRender = useAppStore((state) => state.openRender);
  const toggleCompare = useAppStore((state) => state.toggleCompare);
  const comparing = useAppStore((state) => state.compareIds.includes(view.id));
  const firstVideo = view.videoUrls.find((url): url is string => url !== null) ?? null;
  // A partial render's delivered videos are as real as a done one's: they get a preview too.
  const hasVideos = view.state === 'done' || view.state === 'partial';
  const needsThumbnail = hasVideos && view.thumbnailUrl === null && firstVideo !== null;
  const prompt = excerpt(view.request.prompt, 80);

  // Mounted means visible (the grid is virtualized): only then is a thumbnail worth making.
  useEffect(() => {
    if (!needsThumbnail || !firstVideo) return;
    thumbnails.request(view.id, firstVideo);
    return () => thumbnails.cancel(view.id);
  }, [needsThumbnail, firstVideo, thumbnails, view.id]);

  return (
    // biome-ignore lint/a11y/useSemanticElements: rows between list and items rule out <li>
    <div
      className={`card${comparing ? ' is-comparing' : ''}`}
      role="listitem"
      aria-posinset={position}
      aria-setsize={total}
      data-render-id={view.id}
    >
      <button
        type="button"
        className="card-open"
        tabIndex={tabIndex}
        aria-label={`Open render: ${prompt}`}
        onClick={() => openRender(view.id)}
      >
        <div className="thumb">
          {view.thumbnailUrl ? (
            <img src={view.thumbnailUrl} alt="" loading="lazy" decoding="async" />
          ) : (
            <div className="thumb-placeholder" aria-hidden="true">
              <FilmIcon />
              {hasVideos && firstVideo ? 'No preview yet' : 'No video'}
            </div>
          )}
        </div>
        <div className="card-body">
          <p className="card-prompt" title={view.request.prompt}>
            {prompt}
          </p>
          <p className="card-meta">
            <span>{MODEL_CATALOGUE[view.request.model].label}</span>
            <span title={formatDate(view.createdAt)}>{formatDay(view.createdAt)}</span>
          </p>
        </div>
      </button>
      <div className="card-footer">
        <StateBadge view={view} />
        <label className="compare-check">
          <input
            type="checkbox"
            checked={comparing}
            tabIndex={tabIndex}
            onChange={() => toggleCompare(view.id)}
            aria-label={`Select for compare: ${prompt}`}
          />
          Compare
        </label>
      </div>
      <div className="card-star">
        <FavouriteButton view={view} tabIndex={tabIndex} />
      </div>
    </div>
  );
}
